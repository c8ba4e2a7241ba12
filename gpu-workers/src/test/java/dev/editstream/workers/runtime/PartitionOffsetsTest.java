package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

  private final PartitionOffsets offsets = new PartitionOffsets(new TopicPartition("jobs-edit", 0));

  @Test
  void commitsNothingBeforeAnyRecordArrived() {
    assertThat(offsets.toCommit()).isEmpty();
  }

  @Test
  void commitsOnlyUpToTheLowestJobStillOpen() {
    offsets.received(10);
    offsets.received(11);
    offsets.received(12);

    offsets.finished(11);
    offsets.finished(12);
    assertThat(offsets.toCommit()).hasValue(10);

    offsets.finished(10);
    assertThat(offsets.toCommit()).hasValue(13);
  }

  @Test
  void offersAnOffsetOnlyOnceItMovedPastTheLastCommit() {
    offsets.received(5);
    offsets.finished(5);
    offsets.committed(6);

    assertThat(offsets.toCommit()).isEmpty();
    offsets.received(6);
    assertThat(offsets.toCommit()).isEmpty();
    offsets.finished(6);
    assertThat(offsets.toCommit()).hasValue(7);
  }
}

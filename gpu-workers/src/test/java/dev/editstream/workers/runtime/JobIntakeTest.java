package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.ResultStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class JobIntakeTest {

  private static final TopicPartition PARTITION = new TopicPartition("jobs-edit", 2);

  private final JobQueue queue = new JobQueue();
  private final DecidedRequests decided = new DecidedRequests();
  private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final PartitionOffsets ownership = new PartitionOffsets(PARTITION);
  private final JobIntake intake =
      new JobIntake(
          queue,
          decided,
          new Outcomes("w-1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
          completions);

  private static ConsumerRecord<String, JobRecord> record(
      long offset, String key, JobRecord value) {
    return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, key, value);
  }

  private static JobRecord readable(String id) {
    return new JobRecord.Readable(TestJobs.job(id));
  }

  @Test
  void queuesAReadableJob() {
    intake.receive(ownership, List.of(record(0, "r-1", readable("r-1"))));

    assertThat(queue.waitingCount()).isEqualTo(1);
    assertThat(completions).isEmpty();
    assertThat(ownership.toCommit()).hasValue(0);
  }

  @Test
  void failsAnUnreadableRecordAsPoisonAtOnce() {
    intake.receive(ownership, List.of(record(0, "r-1", new JobRecord.Unreadable("garbage"))));

    Completion poison = completions.poll();
    assertThat(poison.outcome().getStatus()).isEqualTo(ResultStatus.FAILED);
    assertThat(poison.outcome().getReasonCode()).isEqualTo(ReasonCode.POISON_JOB.name());
    assertThat(poison.outcome().getMessage()).contains("garbage");
    assertThat(poison.audit()).extracting(AuditEvent::getDecision).containsExactly("EDIT_FAILED");
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void failsAJobWhoseKeyIsNotItsRequestId() {
    intake.receive(ownership, List.of(record(0, "other", readable("r-1"))));

    Completion poison = completions.poll();
    assertThat(poison.job().requestId()).isEqualTo("other");
    assertThat(poison.outcome().getReasonCode()).isEqualTo(ReasonCode.POISON_JOB.name());
  }

  @Test
  void commitsPastARecordWithNeitherKeyNorReadableJob() {
    intake.receive(ownership, List.of(record(0, null, new JobRecord.Unreadable("garbage"))));

    assertThat(completions).isEmpty();
    assertThat(ownership.toCommit()).hasValue(1);
  }

  @Test
  void skipsAJobWhoseResultIsDecided() {
    decided.add("r-1");

    intake.receive(ownership, List.of(record(0, "r-1", readable("r-1"))));

    Completion skipped = completions.poll();
    assertThat(skipped.outcome()).isNull();
    assertThat(skipped.audit()).extracting(AuditEvent::getDecision).containsExactly("EDIT_SKIPPED");
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void stopsAtARecordTheRegistryCouldNotServeAndLeavesItUntaken() {
    var readAgain =
        intake.receive(
            ownership,
            List.of(
                record(4, "r-1", readable("r-1")),
                record(5, "r-2", new JobRecord.RegistryUnavailable("connection refused")),
                record(6, "r-3", readable("r-3"))));

    assertThat(readAgain).hasValue(5);
    assertThat(queue.waitingCount()).isEqualTo(1);
    assertThat(completions).isEmpty();
    assertThat(ownership.toCommit()).hasValue(4);
  }
}

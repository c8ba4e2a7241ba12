package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class JobQueueTest {

  private static final Duration NOW = Duration.ZERO;

  private final PartitionOffsets zero = new PartitionOffsets(new TopicPartition("jobs-edit", 0));
  private final PartitionOffsets one = new PartitionOffsets(new TopicPartition("jobs-edit", 1));
  private final JobQueue queue = new JobQueue();
  private long sequence;

  private Job job(String id, int priority, PartitionOffsets ownership) {
    long offset = sequence;
    return new Job(
        id, TestJobs.job(id, priority, null), ownership, offset, sequence++, Instant.EPOCH);
  }

  @Test
  void servesHigherPrioritiesFirstThenArrivalOrder() throws InterruptedException {
    queue.offer(job("low", 0, zero));
    queue.offer(job("high-1", 5, zero));
    queue.offer(job("middle", 1, one));
    queue.offer(job("high-2", 5, one));

    List<String> served = new ArrayList<>();
    for (Job job = queue.take(NOW); job != null; job = queue.take(NOW)) {
      served.add(job.requestId());
    }
    assertThat(served).containsExactly("high-1", "high-2", "middle", "low");
  }

  @Test
  void cancelsWaitingAndRunningJobsOfARequest() throws InterruptedException {
    queue.offer(job("a", 0, zero));
    Job running = queue.take(NOW);
    Job waiting = job("a", 0, one);
    queue.offer(waiting);
    queue.offer(job("b", 0, one));

    assertThat(queue.cancel("a", CancelCause.DECIDED)).isEqualTo(2);
    assertThat(running.cancelCause()).isEqualTo(CancelCause.DECIDED);
    assertThat(waiting.cancelCause()).isEqualTo(CancelCause.DECIDED);
    assertThat(queue.waitingCount()).isEqualTo(2);
  }

  @Test
  void dropsTheWaitingJobsOfRevokedPartitionsAndCancelsTheirRunningOnes()
      throws InterruptedException {
    queue.offer(job("running", 0, zero));
    Job running = queue.take(NOW);
    queue.offer(job("waiting", 0, zero));
    Job kept = job("kept", 0, one);
    queue.offer(kept);

    assertThat(queue.dropPartitions(Set.of(zero.partition()))).isEqualTo(2);
    assertThat(running.cancelCause()).isEqualTo(CancelCause.REVOKED);
    assertThat(kept.cancelCause()).isNull();
    assertThat(queue.take(NOW)).isSameAs(kept);
    assertThat(queue.take(NOW)).isNull();
  }

  @Test
  void handsOutNothingOnceClosed() throws InterruptedException {
    queue.offer(job("a", 0, zero));
    queue.close();

    assertThat(queue.take(NOW)).isNull();
    assertThat(queue.waitingCount()).isEqualTo(1);
  }
}

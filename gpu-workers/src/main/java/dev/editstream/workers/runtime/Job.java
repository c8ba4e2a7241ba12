package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.EditJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of {@code jobs-edit} the worker took: where it came from, the job (absent for a poison
 * record), its place in the queue and whether it should stop. Cancellation is set once, from any
 * thread; the first cause wins.
 */
final class Job {

  private final String requestId;
  private final EditJob edit;
  private final PartitionOffsets ownership;
  private final long offset;
  private final long sequence;
  private final Instant receivedAt;
  private final AtomicReference<CancelCause> cancelCause = new AtomicReference<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /**
   * @param requestId the request (the record key, or the job's own id)
   * @param edit the job, or null for a record that cannot be read
   * @param ownership the partition's offsets for the assignment the record came in
   * @param offset the record's offset
   * @param sequence arrival order, which breaks priority ties
   * @param receivedAt when the worker took the record
   */
  Job(
      String requestId,
      EditJob edit,
      PartitionOffsets ownership,
      long offset,
      long sequence,
      Instant receivedAt) {
    this.requestId = requestId;
    this.edit = edit;
    this.ownership = ownership;
    this.offset = offset;
    this.sequence = sequence;
    this.receivedAt = receivedAt;
  }

  String requestId() {
    return requestId;
  }

  EditJob edit() {
    return edit;
  }

  PartitionOffsets ownership() {
    return ownership;
  }

  TopicPartition partition() {
    return ownership.partition();
  }

  long offset() {
    return offset;
  }

  long sequence() {
    return sequence;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  /** The request's priority: higher runs first. */
  int priority() {
    return edit == null ? 0 : edit.getRequest().getPriority();
  }

  /** The request's deadline, if it has one. */
  Optional<Instant> deadline() {
    return edit == null ? Optional.empty() : Optional.ofNullable(edit.getRequest().getDeadline());
  }

  /** Where the record is, for logs: {@code jobs-edit-3@17}. */
  String where() {
    return partition() + "@" + offset;
  }

  /** Asks the job to stop; returns whether this call set the cause. */
  boolean cancel(CancelCause cause) {
    if (cancelCause.compareAndSet(null, cause)) {
      cancelled.countDown();
      return true;
    }
    return false;
  }

  /** Why the job should stop, or null while it should go on. */
  CancelCause cancelCause() {
    return cancelCause.get();
  }

  /** Waits up to {@code timeout} for a cancellation; returns whether one came. */
  boolean awaitCancellation(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}

package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread, the only user of the job consumer and of the outcome producer. It polls every
 * {@value #POLL_MILLIS} ms whatever the jobs do (and at once when a compute thread finishes a job),
 * so the group never waits for it: partitions are paused while the queue is full (and resumed when
 * there is room), finished jobs are published in short transactions with the offsets they make
 * committable, and on revocation what finished is committed first and the rest handed back. On
 * close it stops taking jobs, lets the running ones finish until the deadline, publishes them,
 * hands back the rest and leaves the group.
 */
final class PollLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  private static final long POLL_MILLIS = 100;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(POLL_MILLIS);
  private static final Duration CLIENT_CLOSE = Duration.ofSeconds(10);
  private static final Duration MIN_RETRY = Duration.ofMillis(200);

  private final WorkerSettings settings;
  private final Consumer<String, JobRecord> consumer;
  private final OutcomePublisher publisher;
  private final JobQueue queue;
  private final JobIntake intake;
  private final BlockingQueue<Completion> completions;
  private final Clock clock;
  private final Map<TopicPartition, PartitionOffsets> owned = new HashMap<>();
  private final Map<TopicPartition, Instant> readAgainAt = new HashMap<>();
  private final List<Completion> pending = new ArrayList<>();
  private Instant publishNotBefore = Instant.MIN;
  private boolean publisherBroken;
  private boolean closeLogged;
  private volatile Instant closeDeadline;
  private volatile Throwable failure;

  PollLoop(
      WorkerSettings settings,
      Consumer<String, JobRecord> consumer,
      OutcomePublisher publisher,
      JobQueue queue,
      JobIntake intake,
      BlockingQueue<Completion> completions,
      Clock clock) {
    this.settings = settings;
    this.consumer = consumer;
    this.publisher = publisher;
    this.queue = queue;
    this.intake = intake;
    this.completions = completions;
    this.clock = clock;
  }

  /**
   * Ends the current poll early, so that a finished job is published now; callable from any thread.
   * Only {@code poll} and {@code close} block on the job consumer, and close ignores it.
   */
  void wake() {
    consumer.wakeup();
  }

  /** Asks the loop to drain and stop; callable from any thread, once. */
  void requestClose(Instant deadline) {
    queue.close();
    closeDeadline = deadline;
  }

  /**
   * Stops the worker because a part of it failed (the results follower): running jobs are handed
   * back at once, finished ones still published.
   */
  void fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
    requestClose(clock.instant());
  }

  /** Why the loop stopped on its own, or null. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.JOBS_EDIT.name()), new Rebalance());
      while (!drained()) {
        pollOnce();
      }
      handBackRunning();
      publishFinished(true);
    } catch (RuntimeException | Error e) {
      if (failure == null) {
        failure = e;
      }
      publisherBroken = true;
      LOG.error("edit worker {} stopped: {}", settings.workerId(), e.toString(), e);
      queue.close();
      queue.cancelRunning(CancelCause.SHUTDOWN);
    } finally {
      closeClients();
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, JobRecord> records;
    try {
      records = consumer.poll(POLL_TIMEOUT);
    } catch (WakeupException e) {
      records = ConsumerRecords.empty();
    }
    for (TopicPartition partition : records.partitions()) {
      receive(partition, records);
    }
    publishFinished(false);
    adjustPause();
  }

  private void receive(TopicPartition partition, ConsumerRecords<String, JobRecord> records) {
    PartitionOffsets ownership = owned.get(partition);
    if (ownership == null) {
      return;
    }
    OptionalLong readAgain = intake.receive(ownership, records.records(partition));
    if (readAgain.isPresent()) {
      consumer.seek(partition, readAgain.getAsLong());
      readAgainAt.put(partition, clock.instant().plus(retryDelay()));
    }
  }

  /**
   * Publishes the jobs that finished and commits the offsets that became contiguous, in one
   * transaction. A batch whose transaction aborted is retried after a backoff, less the jobs of
   * partitions this worker no longer owns.
   */
  private void publishFinished(boolean now) {
    if (publisherBroken) {
      return;
    }
    List<Completion> finished = new ArrayList<>();
    completions.drainTo(finished);
    for (Completion completion : finished) {
      if (owns(completion.job())) {
        completion.job().ownership().finished(completion.job().offset());
        pending.add(completion);
      }
    }
    pending.removeIf(completion -> !owns(completion.job()));
    if (!now && clock.instant().isBefore(publishNotBefore)) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = committable();
    if (pending.isEmpty() && offsets.isEmpty()) {
      return;
    }
    if (publisher.publish(pending, offsets, consumer.groupMetadata())) {
      offsets.forEach((partition, offset) -> owned.get(partition).committed(offset.offset()));
      LOG.debug("committed {} jobs, offsets {}", pending.size(), offsets);
      pending.clear();
      publishNotBefore = Instant.MIN;
    } else {
      publishNotBefore = clock.instant().plus(retryDelay());
    }
  }

  private boolean owns(Job job) {
    return owned.get(job.partition()) == job.ownership();
  }

  private Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    owned.forEach(
        (partition, ownership) ->
            ownership
                .toCommit()
                .ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset))));
    return offsets;
  }

  /**
   * Pauses every partition while the queue is full or the worker closes, and a partition whose
   * record waits for the registry; resumes the others. Pausing keeps the member polling, so it
   * stays in the group however long the jobs run.
   */
  private void adjustPause() {
    Instant now = clock.instant();
    readAgainAt.values().removeIf(at -> !at.isAfter(now));
    Set<TopicPartition> assigned = consumer.assignment();
    Set<TopicPartition> wanted = new HashSet<>(assigned);
    if (!full()) {
      wanted.retainAll(readAgainAt.keySet());
    }
    Set<TopicPartition> paused = consumer.paused();
    Set<TopicPartition> toPause = new HashSet<>(wanted);
    toPause.removeAll(paused);
    Set<TopicPartition> toResume = new HashSet<>(paused);
    toResume.removeAll(wanted);
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
      LOG.debug("paused {} ({} jobs waiting)", toPause, queue.waitingCount());
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
      LOG.debug("resumed {} ({} jobs waiting)", toResume, queue.waitingCount());
    }
  }

  private boolean full() {
    return closeDeadline != null || queue.waitingCount() >= settings.queueCapacity();
  }

  /** Whether closing may proceed: no job runs any more, or the deadline passed. */
  private boolean drained() {
    Instant deadline = closeDeadline;
    if (deadline == null) {
      return false;
    }
    if (!closeLogged) {
      closeLogged = true;
      LOG.info(
          "edit worker {} closing: {} running jobs may finish until {}, {} waiting handed back",
          settings.workerId(),
          queue.runningCount(),
          deadline,
          queue.waitingCount());
    }
    return queue.runningCount() == 0 || !clock.instant().isBefore(deadline);
  }

  private void handBackRunning() {
    int cancelled = queue.cancelRunning(CancelCause.SHUTDOWN);
    if (cancelled > 0) {
      LOG.info(
          "edit worker {} closing: {} running jobs cancelled and handed back",
          settings.workerId(),
          cancelled);
    }
  }

  private Duration retryDelay() {
    return settings.backoff().compareTo(MIN_RETRY) > 0 ? settings.backoff() : MIN_RETRY;
  }

  private void closeClients() {
    try {
      consumer.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(CLIENT_CLOSE));
    } catch (RuntimeException e) {
      LOG.warn("closing the job consumer failed: {}", e.toString());
    }
    try {
      publisher.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the outcome producer failed: {}", e.toString());
    }
  }

  /** Rebalance callbacks; Kafka runs them on the poll thread, inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      partitions.forEach(partition -> owned.put(partition, new PartitionOffsets(partition)));
      LOG.info("edit worker {} assigned {}", settings.workerId(), partitions);
      if (full()) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      publishFinished(true);
      release(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        release(partitions, "lost");
      }
    }

    private void release(Collection<TopicPartition> partitions, String how) {
      for (TopicPartition partition : partitions) {
        PartitionOffsets ownership = owned.remove(partition);
        if (ownership != null) {
          ownership.revoke();
        }
        readAgainAt.remove(partition);
      }
      int handedBack = queue.dropPartitions(partitions);
      pending.removeIf(completion -> !owns(completion.job()));
      LOG.info(
          "edit worker {} {} {}: {} jobs handed back uncommitted",
          settings.workerId(),
          how,
          partitions,
          handedBack);
    }
  }
}

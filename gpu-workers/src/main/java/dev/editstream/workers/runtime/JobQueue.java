package dev.editstream.workers.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The worker's local jobs: those waiting, served by priority (higher first) then arrival, and those
 * running on a compute thread. The poll thread offers and drops jobs, compute threads take them,
 * the results follower cancels them; all of it is thread-safe.
 *
 * <p>A job moves from waiting to running in two steps, so a cancellation scanning both sets could
 * miss it in between; the runner therefore checks the decided requests and the ownership again
 * after taking a job.
 */
final class JobQueue {

  static final Comparator<Job> ORDER =
      Comparator.comparingInt(Job::priority).reversed().thenComparingLong(Job::sequence);

  private final PriorityBlockingQueue<Job> waiting = new PriorityBlockingQueue<>(16, ORDER);
  private final Set<Job> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Adds a job to the waiting ones. */
  void offer(Job job) {
    waiting.offer(job);
  }

  /**
   * Takes the first waiting job and counts it as running, waiting up to {@code timeout} for one.
   *
   * @return the job, or null when none came or the queue is closed
   */
  Job take(Duration timeout) throws InterruptedException {
    if (closed) {
      return null;
    }
    Job job = waiting.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (job != null) {
      running.add(job);
    }
    return job;
  }

  /** A running job ended (its completion, if any, is already handed over). */
  void finished(Job job) {
    running.remove(job);
  }

  /** Jobs waiting. */
  int waitingCount() {
    return waiting.size();
  }

  /** Jobs running. */
  int runningCount() {
    return running.size();
  }

  /** Cancels every waiting or running job of the request; returns how many. */
  int cancel(String requestId, CancelCause cause) {
    return cancelWhere(job -> job.requestId().equals(requestId), cause);
  }

  /** Cancels every running job. */
  int cancelRunning(CancelCause cause) {
    int count = 0;
    for (Job job : running) {
      count += job.cancel(cause) ? 1 : 0;
    }
    return count;
  }

  /**
   * Hands back the jobs of partitions this worker no longer owns: waiting ones are removed, running
   * ones cancelled.
   *
   * @return the number of jobs handed back
   */
  int dropPartitions(Collection<TopicPartition> partitions) {
    Predicate<Job> revoked = job -> partitions.contains(job.partition());
    cancelWhere(revoked, CancelCause.REVOKED);
    long stopped = running.stream().filter(revoked).count();
    int before = waiting.size();
    waiting.removeIf(revoked);
    return (int) stopped + before - waiting.size();
  }

  /** Stops handing out jobs; those still waiting stay uncommitted and are redelivered. */
  void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  private int cancelWhere(Predicate<Job> which, CancelCause cause) {
    int count = 0;
    for (Job job : waiting) {
      count += which.test(job) && job.cancel(cause) ? 1 : 0;
    }
    for (Job job : running) {
      count += which.test(job) && job.cancel(cause) ? 1 : 0;
    }
    return count;
  }
}

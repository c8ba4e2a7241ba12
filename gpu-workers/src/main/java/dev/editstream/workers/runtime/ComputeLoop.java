package dev.editstream.workers.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compute thread: takes the first waiting job, runs it, and hands its completion to the poll
 * thread, until the queue closes. The completion is handed over before the job stops counting as
 * running, so a poll thread that sees no job running has every completion; the poll thread is then
 * woken, so that a result is published at once rather than at the end of its current poll.
 */
final class ComputeLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeLoop.class);
  private static final Duration TAKE_TIMEOUT = Duration.ofMillis(100);

  private final JobQueue queue;
  private final JobRunner runner;
  private final BlockingQueue<Completion> completions;
  private final Runnable wakePoller;

  ComputeLoop(
      JobQueue queue,
      JobRunner runner,
      BlockingQueue<Completion> completions,
      Runnable wakePoller) {
    this.queue = queue;
    this.runner = runner;
    this.completions = completions;
    this.wakePoller = wakePoller;
  }

  @Override
  public void run() {
    try {
      while (!queue.closed()) {
        Job job = queue.take(TAKE_TIMEOUT);
        if (job != null) {
          runOne(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runOne(Job job) {
    try {
      Optional<Completion> completion = runner.run(job);
      if (completion.isPresent()) {
        completions.add(completion.get());
        wakePoller.run();
      }
    } catch (RuntimeException e) {
      // A bug in the runtime, not in the job: the job stays uncommitted and is redone elsewhere.
      LOG.error("job {} at {}: the worker failed running it", job.requestId(), job.where(), e);
    } finally {
      queue.finished(job);
    }
  }
}

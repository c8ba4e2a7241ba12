package dev.editstream.workers.runtime;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job taken from the queue, on a compute thread: skips it if its result is decided or its
 * partition gone, expires it if its deadline passed, otherwise calls the executor, retrying
 * transient failures with exponential backoff, and turns what happened into a {@link Completion}.
 * Returns empty for a job handed back (revoked, shutdown): nothing of it is published or committed.
 */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final JobExecutor executor;
  private final WorkerSettings settings;
  private final ProgressPublisher progress;
  private final DecidedRequests decided;
  private final Outcomes outcomes;
  private final WorkerMeters meters;

  JobRunner(
      JobExecutor executor,
      WorkerSettings settings,
      ProgressPublisher progress,
      DecidedRequests decided,
      Outcomes outcomes,
      WorkerMeters meters) {
    this.executor = executor;
    this.settings = settings;
    this.progress = progress;
    this.decided = decided;
    this.outcomes = outcomes;
    this.meters = meters;
  }

  /** Runs the job to its end; empty when it is handed back. */
  Optional<Completion> run(Job job) {
    Instant taken = outcomes.now();
    meters.queueWait(job, taken);
    recheckCancellation(job);
    List<AuditEvent> audit = new ArrayList<>();
    if (job.cancelCause() != null) {
      return stopped(job, 0, Decision.EDIT_SKIPPED, audit);
    }
    if (expired(job)) {
      return Optional.of(expire(job, 0, taken, audit));
    }
    return Optional.ofNullable(attempts(job, taken, audit));
  }

  /** A cancellation may have slipped between the queue's two sets: look again (see JobQueue). */
  private void recheckCancellation(Job job) {
    if (decided.contains(job.requestId())) {
      job.cancel(CancelCause.DECIDED);
    }
    if (job.ownership().revoked()) {
      job.cancel(CancelCause.REVOKED);
    }
  }

  private Completion attempts(Job job, Instant taken, List<AuditEvent> audit) {
    for (int attempt = 1; ; attempt++) {
      audit.add(outcomes.audit(job, Decision.EDIT_STARTED, attempt, queueDetails(job, taken)));
      log(job, attempt, "started");
      progress.report(
          job.requestId(),
          Stage.EDIT,
          0,
          0,
          "attempt " + attempt + " of " + settings.attempts() + " on " + settings.workerId());
      long start = System.nanoTime();
      try {
        JobOutput output = executor.execute(job.edit(), control(job));
        if (output != null) {
          meters.edit(job, output, System.nanoTime() - start);
        }
        return output(job, attempt, output, taken, audit);
      } catch (Throwable error) {
        meters.editFailed(job, error, job.cancelCause() != null, System.nanoTime() - start);
        if (job.cancelCause() != null) {
          return stopped(job, attempt, Decision.EDIT_CANCELLED, audit).orElse(null);
        }
        Completion ended = failure(job, attempt, error, taken, audit);
        if (ended != null) {
          return ended;
        }
      }
      Duration wait = backoff(attempt);
      if (awaitRetry(job, wait)) {
        return stopped(job, attempt, Decision.EDIT_CANCELLED, audit).orElse(null);
      }
      if (expired(job)) {
        return expire(job, attempt, taken, audit);
      }
    }
  }

  private JobControl control(Job job) {
    return new AttemptControl(
        job,
        progress,
        new ProgressThrottle(
            settings.progressStepFraction(), settings.progressInterval(), System::nanoTime));
  }

  private Completion output(
      Job job, int attempt, JobOutput output, Instant taken, List<AuditEvent> audit) {
    if (output == null) {
      throw new IllegalStateException("the executor returned no output for " + job.requestId());
    }
    Map<String, Long> timings = timings(job, output.timingsMs(), taken);
    WorkerOutcome outcome = outcomes.of(job, output, attempt, timings);
    boolean succeeded = output.reason() == ReasonCode.OK;
    Decision decision = succeeded ? Decision.EDIT_FINISHED : Decision.EDIT_REJECTED;
    Map<String, String> details = new java.util.LinkedHashMap<>(Outcomes.details(outcome));
    details.put("build", BuildFingerprint.current() + "; " + executor.callFingerprint());
    audit.add(outcomes.audit(job, decision, attempt, details));
    log(
        job,
        attempt,
        outcome.getStatus() + " " + outcome.getReasonCode() + " in " + elapsed(taken));
    return new Completion(
        job, outcome, succeeded ? outcomes.metrics(job, output, timings) : null, audit);
  }

  /** The completion for an error that ends the job, or null when the job is retried. */
  private Completion failure(
      Job job, int attempt, Throwable error, Instant taken, List<AuditEvent> audit) {
    if (error instanceof EditException edit && ends(edit.reason())) {
      return ended(job, attempt, edit.reason(), edit.getMessage(), edit, taken, audit);
    }
    String message = describe(error);
    if (attempt >= settings.attempts()) {
      return ended(job, attempt, ReasonCode.RETRIES_EXHAUSTED, message, error, taken, audit);
    }
    Duration wait = backoff(attempt);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("error", message);
    details.put("backoffMs", Long.toString(wait.toMillis()));
    audit.add(outcomes.audit(job, Decision.EDIT_RETRY, attempt, details));
    LOG.warn(
        "job {} attempt {}/{} at {}: transient failure ({}); retrying in {} ms",
        job.requestId(),
        attempt,
        settings.attempts(),
        job.where(),
        message,
        wait.toMillis());
    return null;
  }

  /** Whether an EditException ends the job at once: user errors, and faults a retry cannot fix. */
  private static boolean ends(ReasonCode reason) {
    return reason.isUserError()
        || reason == ReasonCode.POISON_JOB
        || reason == ReasonCode.BUNDLE_MISMATCH;
  }

  private Completion ended(
      Job job,
      int attempt,
      ReasonCode reason,
      String message,
      Throwable error,
      Instant taken,
      List<AuditEvent> audit) {
    WorkerOutcome outcome =
        outcomes.ended(job, reason, message, attempt, timings(job, Map.of(), taken));
    Decision decision = reason.isUserError() ? Decision.EDIT_REJECTED : Decision.EDIT_FAILED;
    Map<String, String> details = new java.util.LinkedHashMap<>(Outcomes.details(outcome));
    details.put("build", BuildFingerprint.current() + "; " + executor.callFingerprint());
    audit.add(outcomes.audit(job, decision, attempt, details));
    if (reason.isUserError()) {
      log(job, attempt, outcome.getStatus() + " " + reason + " (" + message + ")");
    } else {
      // A fault no rule predicted: the stack trace is for the operator.
      LOG.warn(
          "job {} attempt {}/{} at {}: {} {} ({})",
          job.requestId(),
          attempt,
          settings.attempts(),
          job.where(),
          outcome.getStatus(),
          reason,
          message,
          reason == ReasonCode.RETRIES_EXHAUSTED ? error : null);
    }
    return new Completion(job, outcome, null, audit);
  }

  private Completion expire(Job job, int attempt, Instant taken, List<AuditEvent> audit) {
    String message = "the deadline " + job.deadline().orElseThrow() + " passed before the edit ran";
    WorkerOutcome outcome =
        outcomes.ended(
            job, ReasonCode.DEADLINE_EXPIRED, message, attempt, timings(job, Map.of(), taken));
    audit.add(outcomes.audit(job, Decision.EDIT_EXPIRED, attempt, Outcomes.details(outcome)));
    log(job, attempt, "EXPIRED, not run (" + message + ")");
    return new Completion(job, outcome, null, audit);
  }

  /** A job stopped by its cancellation: silent if its result is decided, else handed back. */
  private Optional<Completion> stopped(
      Job job, int attempt, Decision decision, List<AuditEvent> audit) {
    CancelCause cause = job.cancelCause();
    if (!cause.commits()) {
      log(job, attempt, "handed back, " + cause.why());
      return Optional.empty();
    }
    audit.add(outcomes.audit(job, decision, attempt, Map.of("why", cause.why())));
    log(job, attempt, decision == Decision.EDIT_SKIPPED ? "skipped, " + cause.why() : "cancelled");
    return Optional.of(Completion.silent(job, audit));
  }

  private boolean expired(Job job) {
    return job.deadline().map(deadline -> outcomes.now().isAfter(deadline)).orElse(false);
  }

  /** Waits out a retry's backoff; returns true when the job was cancelled meanwhile. */
  private static boolean awaitRetry(Job job, Duration wait) {
    try {
      return job.awaitCancellation(wait) || job.cancelCause() != null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel(CancelCause.SHUTDOWN);
      return true;
    }
  }

  private Duration backoff(int attempt) {
    return settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
  }

  private Map<String, Long> timings(Job job, Map<String, Long> compute, Instant taken) {
    Map<String, Long> timings = new LinkedHashMap<>(compute);
    timings.put("queue", Duration.between(job.receivedAt(), taken).toMillis());
    timings.put("worker", Duration.between(taken, outcomes.now()).toMillis());
    return timings;
  }

  private static Map<String, String> queueDetails(Job job, Instant taken) {
    return Map.of("queueMs", Long.toString(Duration.between(job.receivedAt(), taken).toMillis()));
  }

  private String elapsed(Instant since) {
    return Duration.between(since, outcomes.now()).toMillis() + " ms";
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  private void log(Job job, int attempt, String decision) {
    if (attempt == 0) {
      LOG.info("job {} at {}: {}", job.requestId(), job.where(), decision);
    } else {
      LOG.info(
          "job {} attempt {}/{} at {}: {}",
          job.requestId(),
          attempt,
          settings.attempts(),
          job.where(),
          decision);
    }
  }
}

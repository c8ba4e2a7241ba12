package dev.editstream.workers.runtime;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the records a job's transaction carries: its {@code WorkerOutcome}, its {@code
 * EditMetrics} and its {@code AuditEvent}s, filling what the executor left open from the job.
 */
final class Outcomes {

  private final String workerId;
  private final Clock clock;

  Outcomes(String workerId, Clock clock) {
    this.workerId = workerId;
    this.clock = clock;
  }

  /** Now, at the millisecond precision of the records. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The outcome of an executor's output (SUCCEEDED or REJECTED). */
  WorkerOutcome of(Job job, JobOutput output, int attempt, Map<String, Long> timings) {
    EditJob edit = job.edit();
    return WorkerOutcome.newBuilder()
        .setRequestId(job.requestId())
        .setStatus(output.status())
        .setReasonCode(output.reason().name())
        .setMessage(output.message())
        .setResultImage(output.resultImage())
        .setMask(output.mask())
        .setResolvedCaption(orElse(output.caption(), edit.getResolvedCaption()))
        .setSeed(orElse(output.seed(), edit.getSeed()))
        .setBundleId(orElse(output.bundleId(), bundleId(edit)))
        .setBundleSha256(orElse(output.bundleSha256(), edit.getBundleSha256()))
        .setTimingsMs(timings)
        .setQuality(output.quality())
        .setAttempt(attempt)
        .setWorker(workerId)
        .setFinishedAt(now())
        .build();
  }

  /** An outcome the worker decided itself: FAILED, REJECTED from an exception, EXPIRED. */
  WorkerOutcome ended(
      Job job, ReasonCode reason, String message, int attempt, Map<String, Long> timings) {
    EditJob edit = job.edit();
    return WorkerOutcome.newBuilder()
        .setRequestId(job.requestId())
        .setStatus(reason.status())
        .setReasonCode(reason.name())
        .setMessage(message)
        .setResolvedCaption(edit == null ? null : edit.getResolvedCaption())
        .setSeed(edit == null ? null : edit.getSeed())
        .setBundleId(edit == null ? null : bundleId(edit))
        .setBundleSha256(edit == null ? null : edit.getBundleSha256())
        .setTimingsMs(timings)
        .setAttempt(Math.max(1, attempt))
        .setWorker(workerId)
        .setFinishedAt(now())
        .build();
  }

  /** The metrics of a successful edit. */
  EditMetrics metrics(Job job, JobOutput output, Map<String, Long> timings) {
    EditJob edit = job.edit();
    return EditMetrics.newBuilder()
        .setRequestId(job.requestId())
        .setEditKind(orElse(output.editKind(), editKind(edit)))
        .setBundleId(orElse(output.bundleId(), bundleId(edit)))
        .setSteps(output.steps())
        .setInversionCacheHit(inversionCacheHit(edit))
        .setDevice(output.device())
        .setBatchSize(output.batchSize())
        .setTimingsMs(timings)
        .setQuality(
            output.quality() != null ? output.quality() : QualityMetrics.newBuilder().build())
        .setRecordedAt(now())
        .build();
  }

  /**
   * One audit event of the job, with the details every event carries (worker, partition, offset,
   * attempt, dispatch attempt) and the given ones.
   */
  AuditEvent audit(Job job, Decision decision, int attempt, Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("worker", workerId);
    all.put("partition", job.partition().toString());
    all.put("offset", Long.toString(job.offset()));
    if (attempt > 0) {
      all.put("attempt", Integer.toString(attempt));
    }
    if (job.edit() != null) {
      all.put("dispatchAttempt", Integer.toString(job.edit().getAttempt()));
    }
    all.putAll(details);
    return AuditEvent.newBuilder()
        .setRequestId(job.requestId())
        .setStage(Stage.EDIT)
        .setDecision(decision.name())
        .setDetails(all)
        .setComponent(workerId)
        .setTimestamp(now())
        .build();
  }

  /** The details of an outcome worth replaying: status, reason, result hash, bundle, seed. */
  static Map<String, String> details(WorkerOutcome outcome) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("status", outcome.getStatus().name());
    details.put("reasonCode", outcome.getReasonCode());
    details.put("message", outcome.getMessage());
    if (outcome.getResultImage() != null) {
      details.put("resultSha256", outcome.getResultImage().getSha256());
      details.put("resultUri", outcome.getResultImage().getUri());
    }
    putIfPresent(details, "caption", outcome.getResolvedCaption());
    putIfPresent(details, "seed", outcome.getSeed());
    putIfPresent(details, "bundleId", outcome.getBundleId());
    putIfPresent(details, "bundleSha256", outcome.getBundleSha256());
    outcome.getTimingsMs().forEach((stage, ms) -> details.put("timingMs." + stage, ms.toString()));
    return details;
  }

  /**
   * Whether the edit read its inversion from the inversions table (the job carried it) rather than
   * inverting the source itself; null for an edit that needs no inversion (SDEdit, variation). A
   * request that waited for an inversion computed for it reads it from the table too: the
   * processors' resolution counters tell hits from misses.
   */
  static Boolean inversionCacheHit(EditJob edit) {
    if (edit.getInversionKey() == null) {
      return null;
    }
    return edit.getInversion() != null && edit.getInversion().getInversion() != null;
  }

  /** How metrics name an edit's kind: {@code PromptEdit:REPLACE}, {@code SdEdit}, ... */
  static String editKind(EditJob edit) {
    Object kind = edit.getRequest().getEdit();
    if (kind instanceof PromptEdit prompt) {
      return "PromptEdit:" + prompt.getMode();
    }
    return kind == null ? "unknown" : kind.getClass().getSimpleName();
  }

  private static String bundleId(EditJob edit) {
    return edit.getRequest().getBundleName() + ":" + edit.getBundleVersion();
  }

  private static void putIfPresent(Map<String, String> details, String key, Object value) {
    if (value != null) {
      details.put(key, value.toString());
    }
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}

package dev.editstream.workers.runtime;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * The worker runtime's meters, tagged with the worker's id (Prometheus names in {@code
 * docs/metrics.md}): how long an edit job waited in the local queue before a compute thread took
 * it, the compute time of each attempt by kind of job, method and outcome, the stages an edit's
 * output reports, and the jobs running and waiting.
 */
final class WorkerMeters {

  static final String EDIT = "edit";
  static final String INVERSION = "inversion";
  static final String CAPTION = "caption";
  static final String RESOLUTION = "resolution";

  // Histogram buckets between these bounds, so that quantiles can be computed in Prometheus.
  private static final Duration SHORTEST = Duration.ofMillis(1);
  private static final Duration LONGEST = Duration.ofMinutes(30);

  private final MeterRegistry registry;
  private final String workerId;
  private final Timer queueWait;

  WorkerMeters(MeterRegistry registry, String workerId) {
    this.registry = registry;
    this.workerId = workerId;
    this.queueWait =
        histogram(
                Timer.builder("editstream.worker.queue.wait")
                    .description("Time an edit job waited in the worker before a thread took it")
                    .tag("worker", workerId))
            .register(registry);
  }

  /** A job was taken from the queue. */
  void queueWait(Job job, Instant taken) {
    queueWait.record(Duration.between(job.receivedAt(), taken).abs());
  }

  /**
   * An edit attempt ended with an output ({@code succeeded}, or {@code rejected} for a user error
   * only the executor could tell); its stages' times are recorded too.
   */
  void edit(Job job, JobOutput output, long nanos) {
    String method = output.editKind() != null ? output.editKind() : Outcomes.editKind(job.edit());
    compute(EDIT, method, output.status().name(), nanos);
    for (Map.Entry<String, Long> stage : output.timingsMs().entrySet()) {
      Timer.builder("editstream.worker.stage")
          .description("Time of one stage of an edit's compute, as its executor reports it")
          .tags("worker", workerId, "stage", stage.getKey())
          .register(registry)
          .record(stage.getValue(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * An edit attempt threw: {@code CANCELLED} when the job was cancelled, {@code REJECTED} for a
   * user error, else {@code FAILED} (retried or not).
   */
  void editFailed(Job job, Throwable error, boolean cancelled, long nanos) {
    String method = job.edit() == null ? "unknown" : Outcomes.editKind(job.edit());
    String outcome;
    if (cancelled) {
      outcome = "CANCELLED";
    } else if (error instanceof EditException e && e.reason().isUserError()) {
      outcome = "REJECTED";
    } else {
      outcome = "FAILED";
    }
    compute(EDIT, method, outcome, nanos);
  }

  /** A resolution job made its record (an inversion or a caption, READY or FAILED). */
  void resolved(SpecificRecord record, long nanos) {
    if (record instanceof InversionRecord r) {
      String status = r.getStatus() == InversionStatus.READY ? "SUCCEEDED" : "FAILED";
      compute(INVERSION, r.getMethod().name(), status, nanos);
    } else if (record instanceof CaptionRecord r) {
      String status = r.getStatus() == CaptionStatus.READY ? "SUCCEEDED" : "FAILED";
      compute(CAPTION, r.getSource().name(), status, nanos);
    }
  }

  /** A gauge of the jobs of one kind a compute thread runs now, read from {@code jobs}. */
  <T> void inFlight(String kind, T jobs, ToDoubleFunction<T> running) {
    Gauge.builder("editstream.worker.jobs.in.flight", jobs, running)
        .description("Jobs a compute thread is running now")
        .tags("worker", workerId, "kind", kind)
        .register(registry);
  }

  /** A gauge of the jobs of one kind received and waiting for a thread, read from {@code jobs}. */
  <T> void waiting(String kind, T jobs, ToDoubleFunction<T> waiting) {
    Gauge.builder("editstream.worker.jobs.waiting", jobs, waiting)
        .description("Jobs received and waiting for a compute thread")
        .tags("worker", workerId, "kind", kind)
        .register(registry);
  }

  private void compute(String kind, String method, String outcome, long nanos) {
    histogram(
            Timer.builder("editstream.worker.compute")
                .description("Compute time of one attempt of a job, by kind, method and outcome"))
        .tags("worker", workerId, "kind", kind, "method", method, "outcome", outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer.Builder histogram(Timer.Builder builder) {
    return builder
        .publishPercentileHistogram()
        .minimumExpectedValue(SHORTEST)
        .maximumExpectedValue(LONGEST);
  }
}

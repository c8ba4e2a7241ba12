package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters an edit worker records, on a real broker with fake executors. */
class EditWorkerMetersTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private WorkerHarness harness;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeAll
  static void topics() {
    KAFKA.cluster().createTopics(Topics.all());
  }

  @BeforeEach
  void harness(TestInfo test) {
    harness = new WorkerHarness(KAFKA, test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void recordsQueueWaitComputePerMethodJobsInFlightAndConsumerLag() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EditWorker worker =
        harness.start(
            harness.settings("w").threads(1),
            (job, control) -> {
              if (job.getRequestId().endsWith("bad")) {
                throw new EditException(ReasonCode.PROMPT_TOO_LONG, "too long for the bundle");
              }
              release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
              return JobOutput.succeeded(TestJobs.RESULT)
                  .timing("edit", 30)
                  .timing("store", 2)
                  .steps(20)
                  .device("CPU")
                  .build();
            },
            registry);
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    String w = worker.workerId();

    harness.send(0, TestJobs.job(harness.id("first")));
    harness.send(0, TestJobs.job(harness.id("second")));
    // the first runs (held by the latch), the second waits for the only thread
    await().atMost(PATIENCE).until(() -> gauge("editstream.worker.jobs.in.flight", w) == 1.0);
    await().atMost(PATIENCE).until(() -> gauge("editstream.worker.jobs.waiting", w) == 1.0);
    release.countDown();
    harness.send(0, TestJobs.job(harness.id("bad")));
    await().atMost(PATIENCE).until(() -> outcomes.values().size() == 3);

    assertThat(registry.get("editstream.worker.queue.wait").tag("worker", w).timer().count())
        .isEqualTo(3);
    var succeeded =
        registry
            .get("editstream.worker.compute")
            .tags("worker", w, "kind", "edit", "method", "PromptEdit:REPLACE")
            .tag("outcome", "SUCCEEDED")
            .timer();
    assertThat(succeeded.count()).isEqualTo(2);
    assertThat(succeeded.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(
            registry
                .get("editstream.worker.compute")
                .tags("worker", w, "method", "PromptEdit:REPLACE", "outcome", "REJECTED")
                .timer()
                .count())
        .isEqualTo(1);
    var edit = registry.get("editstream.worker.stage").tags("worker", w, "stage", "edit").timer();
    assertThat(edit.count()).isEqualTo(2);
    assertThat(edit.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
    await().atMost(PATIENCE).until(() -> gauge("editstream.worker.jobs.in.flight", w) == 0.0);
    assertThat(gauge("editstream.worker.jobs.waiting", w)).isZero();

    // the job consumer's own Kafka metrics, lag among them, tagged with its client id
    String jobsClient = "edit-worker-" + w + "-jobs";
    double lag =
        registry
            .get("kafka.consumer.fetch.manager.records.lag.max")
            .tag("client.id", jobsClient)
            .gauge()
            .value();
    assertThat(lag).isGreaterThanOrEqualTo(0);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("editstream_worker_queue_wait_seconds_count{worker=\"" + w + "\"} 3")
        .contains("editstream_worker_compute_seconds_bucket{")
        .contains("kafka_consumer_fetch_manager_records_lag_max{");

    worker.close();
    assertThat(
            registry
                .find("kafka.consumer.fetch.manager.records.lag.max")
                .tag("client.id", jobsClient)
                .meters())
        .as("the consumer's meters leave with it")
        .isEmpty();
  }

  @Test
  void editMetricsSayWhetherTheEditReadACachedInversion() throws Exception {
    harness.start(harness.settings("w"), (job, control) -> TestJobs.succeeded(), registry);
    Tail<EditMetrics> metrics = harness.metrics();

    EditJob cached = TestJobs.job(harness.id("cached"));
    cached.setInversionKey("ab".repeat(32));
    cached.setInversion(inversion(cached));
    EditJob inverted = TestJobs.job(harness.id("inverted"));
    inverted.setInversionKey("cd".repeat(32));
    EditJob none = TestJobs.job(harness.id("none"));
    harness.send(1, cached);
    harness.send(1, inverted);
    harness.send(1, none);

    await().atMost(PATIENCE).until(() -> metrics.values().size() == 3);
    assertThat(of(metrics, cached).getInversionCacheHit()).isTrue();
    assertThat(of(metrics, inverted).getInversionCacheHit()).isFalse();
    assertThat(of(metrics, none).getInversionCacheHit()).isNull();
    assertThat(of(metrics, none).getBatchSize()).isEqualTo(1);
    assertThat(of(metrics, none).getTimingsMs()).containsKeys("edit", "queue", "worker");
  }

  private static EditMetrics of(Tail<EditMetrics> metrics, EditJob job) {
    return metrics.values().stream()
        .filter(m -> m.getRequestId().equals(job.getRequestId()))
        .findFirst()
        .orElseThrow();
  }

  private double gauge(String name, String worker) {
    Gauge gauge = registry.find(name).tags("worker", worker, "kind", "edit").gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private static InversionRecord inversion(EditJob job) {
    return InversionRecord.newBuilder()
        .setInversionKey(job.getInversionKey())
        .setStatus(InversionStatus.READY)
        .setImageSha256(job.getImageSha256())
        .setImageHash("12".repeat(32))
        .setCaption(job.getResolvedCaption())
        .setBundleName("shapes")
        .setBundleVersion("2")
        .setBundleSha256(job.getBundleSha256())
        .setMethod(InversionMethod.NULL_TEXT)
        .setSteps(8)
        .setGuidanceScale(7.5f)
        .setInversion(TestJobs.RESULT)
        .setDurationMs(1000)
        .setComputedAt(Instant.ofEpochMilli(1_800_000_000_000L))
        .build();
  }
}

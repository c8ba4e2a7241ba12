package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code editstream up} as a user runs it, scraped as Prometheus scrapes it: after an edit whose
 * inversion was computed for it (a miss) and one that found it cached (a hit), {@code GET /metrics}
 * over HTTP shows every meter of {@code docs/metrics.md} with values that follow from those two.
 */
class MetricsIntegrationTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration EDIT = Duration.ofMinutes(3);
  private static final Duration STOP = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void afterAMissAndAHitTheScrapeShowsEveryDocumentedMeter() throws Exception {
    Map<String, String> env =
        Map.of(
            "EDITSTREAM_DATA_DIR", dataDir.toString(),
            "EDITSTREAM_KAFKA_PORT", "0",
            "EDITSTREAM_KAFKA_CONTROLLER_PORT", "0",
            "EDITSTREAM_REGISTRY_PORT", "0",
            "EDITSTREAM_GATEWAY_PORT", "0",
            "EDITSTREAM_METRICS_PORT", "0",
            "EDITSTREAM_BUNDLES_DIR", "../models/bundles",
            "EDITSTREAM_WORKER_CLOSE_TIMEOUT", "2s");
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    try (LauncherProcess up = LauncherProcess.start(env, logs.resolve("metrics-up.log"), "up")) {
      up.awaitLine("EditStream is up (all parts healthy).", START);
      String metrics = up.value("Metrics");
      assertThat(metrics).startsWith("http://127.0.0.1:").endsWith("/metrics");
      ClientSettings client =
          new ClientSettings(
              up.value("Kafka bootstrap"),
              up.value("Schema registry"),
              Path.of(up.value("Blob store")));

      EditRequest miss =
          ResolutionIntegrationTest.request(
              "metrics-miss", ResolutionIntegrationTest.SCENES.get(0), true, 1);
      EditRequest hit =
          ResolutionIntegrationTest.request(
              "metrics-hit", ResolutionIntegrationTest.SCENES.get(0), true, 2);
      try (EditClient edits = EditClient.connect(client);
          PipelineRecords records =
              new PipelineRecords(
                  client.bootstrapServers(),
                  client.registryConfig(),
                  List.of(Topics.EDIT_RESULTS, Topics.EDIT_METRICS))) {
        edits.submit(miss);
        awaitSucceeded(records, miss);
        // submitted once the first is done: its inversion is in the table
        edits.submit(hit);
        awaitSucceeded(records, hit);
        await("both edits' metrics")
            .atMost(EDIT)
            .until(() -> records.poll().byKey(Topics.EDIT_METRICS).size() == 2);
        for (EditRequest r : List.of(miss, hit)) {
          EditMetrics m = records.of(Topics.EDIT_METRICS, r.getRequestId()).get(0);
          assertThat(m.getEditKind()).isEqualTo("PromptEdit:REPLACE");
          assertThat(m.getSteps()).isEqualTo(8);
          assertThat(m.getBatchSize()).isEqualTo(1);
          assertThat(m.getDevice()).isEqualTo("CPU");
          assertThat(m.getInversionCacheHit()).as("both read the stored inversion").isTrue();
          assertThat(m.getTimingsMs()).containsKeys("queue", "worker", "edit", "inversionRead");
        }
      }

      // the compute thread counts a job as running until just after its outcome is handed over
      await("no job in flight")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> sum(scrape(metrics), "editstream_worker_jobs_in_flight", "kind=\"edit\"") == 0);
      String scrape = scrape(metrics);
      Files.writeString(logs.resolve("metrics-scrape.txt"), scrape);

      assertThat(sum(scrape, "editstream_worker_queue_wait_seconds_count")).isEqualTo(2);
      assertThat(scrape).contains("editstream_worker_queue_wait_seconds_bucket{");
      String edits = "kind=\"edit\"";
      String replace = "method=\"PromptEdit:REPLACE\"";
      String succeeded = "outcome=\"SUCCEEDED\"";
      assertThat(sum(scrape, "editstream_worker_compute_seconds_count", edits, replace, succeeded))
          .isEqualTo(2);
      assertThat(sum(scrape, "editstream_worker_compute_seconds_sum", edits, replace, succeeded))
          .isPositive();
      String inversions = "kind=\"inversion\"";
      assertThat(sum(scrape, "editstream_worker_compute_seconds_count", inversions, succeeded))
          .as("one inversion, computed by the resolve worker for the miss")
          .isEqualTo(1);
      assertThat(sum(scrape, "editstream_worker_compute_seconds_sum", inversions)).isPositive();
      assertThat(sum(scrape, "editstream_worker_stage_seconds_count", "stage=\"edit\""))
          .isEqualTo(2);
      assertThat(sum(scrape, "editstream_worker_jobs_waiting", edits)).isZero();

      // the inversion's null-text optimisation and both edits called the denoiser
      assertThat(sum(scrape, "editstream_denoiser_rows_per_call_count", "call=\"eps_vjp_context\""))
          .isPositive();
      assertThat(sum(scrape, "editstream_denoiser_rows_total", "call=\"denoise_p2p\""))
          .isPositive();
      assertThat(scrape)
          .contains(
              "editstream_denoiser_rows_per_call_bucket{call=\"eps_vjp_context\",le=\"12.0\"}")
          .contains("editstream_denoiser_padding_rows_total{call=\"denoise_p2p\"}")
          .contains("editstream_denoiser_rows_total{call=\"denoise\"}")
          .contains("editstream_denoiser_call_seconds_count{call=\"denoise\"}");

      String inversionStage = "stage=\"inversion\"";
      assertThat(sum(scrape, "editstream_resolution_misses_total", inversionStage)).isEqualTo(1);
      assertThat(sum(scrape, "editstream_resolution_hits_total", inversionStage))
          .isGreaterThanOrEqualTo(1);
      assertThat(sum(scrape, "editstream_resolution_released_total", inversionStage)).isEqualTo(1);
      assertThat(sum(scrape, "editstream_resolution_parked_now", inversionStage)).isZero();
      assertThat(scrape)
          .contains("editstream_resolution_misses_total{stage=\"caption\"}")
          .contains("editstream_flow_outcomes_dropped_total");

      assertThat(sum(scrape, "editstream_blob_bytes_stored_total", "media_type=\"image/png\""))
          .as("two result images and their masks")
          .isPositive();
      assertThat(
              sum(
                  scrape,
                  "editstream_blob_bytes_stored_total",
                  "media_type=\"application/x-editstream-inversion\""))
          .isPositive();

      // consumer lag from the clients' own metrics: the edit worker's job consumer, the resolve
      // worker's, and the stream processors' consumers; nothing is left to read
      // (a client's lag per partition shows once its binder looks again, within a minute of the
      // assignment)
      String workerLag = "client_id=\"edit-worker-";
      await("the workers' consumer lag")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                List<String> now =
                    lines(
                        scrape(metrics), "kafka_consumer_fetch_manager_records_lag_max", workerLag);
                return now.stream()
                        .anyMatch(l -> l.contains("-jobs\"") && !l.contains("-resolution-jobs\""))
                    && now.stream().anyMatch(l -> l.contains("-resolution-jobs\""));
              });
      scrape = scrape(metrics);
      List<String> lag = lines(scrape, "kafka_consumer_fetch_manager_records_lag_max");
      assertThat(lag).anyMatch(l -> l.contains("editstream-flow"));
      assertThat(lag).anyMatch(l -> l.contains("editstream-intake"));
      assertThat(lag)
          .allSatisfy(
              l ->
                  assertThat(value(l))
                      .as(l)
                      .satisfiesAnyOf(
                          v -> assertThat(v).isNaN(),
                          v -> assertThat(v).isGreaterThanOrEqualTo(0.0)));
      assertThat(lag).anyMatch(l -> value(l) == 0.0);

      assertThat(scrape).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");

      assertThat(up.terminate(STOP)).isEqualTo(128 + 15);
    }
  }

  private static void awaitSucceeded(PipelineRecords records, EditRequest request) {
    await(request.getRequestId())
        .atMost(EDIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> !records.poll().of(Topics.EDIT_RESULTS, request.getRequestId()).isEmpty());
    EditResult result = records.<EditResult>of(Topics.EDIT_RESULTS, request.getRequestId()).get(0);
    assertThat(result.getStatus()).as(request.getRequestId()).isEqualTo(ResultStatus.SUCCEEDED);
  }

  private static String scrape(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The samples of a series name (exactly that name) carrying every given label. */
  private static List<String> lines(String scrape, String name, String... labels) {
    Predicate<String> named = l -> l.startsWith(name + "{") || l.startsWith(name + " ");
    return scrape
        .lines()
        .filter(named)
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .toList();
  }

  /** The sum of the samples of a series name carrying every given label; fails when none does. */
  private static double sum(String scrape, String name, String... labels) {
    List<String> samples = lines(scrape, name, labels);
    assertThat(samples).as(name + " " + List.of(labels)).isNotEmpty();
    return samples.stream().mapToDouble(MetricsIntegrationTest::value).sum();
  }

  private static double value(String sample) {
    return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
  }
}

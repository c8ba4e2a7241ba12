package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.ResultStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processors' JVM ({@code editstream processors}) killed with SIGKILL mid-run, after
 * some inversions were published and while others were still being computed, then restarted on the
 * same state directory: no request is lost, none ends twice, and no inversion is computed twice
 * (one committed job and one record per key).
 */
class ProcessorsRestartIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorsRestartIntegrationTest.class);
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final Duration START = Duration.ofSeconds(120);

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static StackEndpoints endpoints;
  private static ClientSettings client;
  private static LauncherProcess worker;
  private static LauncherProcess processors;

  @BeforeAll
  static void startBrokerAndWorker() throws Exception {
    stack =
        SingleMachineStack.start(
            EditStreamConfig.load(
                null,
                Map.of(),
                Map.of(
                    "editstream.data.dir", dataDir.resolve("stack").toString(),
                    "editstream.kafka.port", "0",
                    "editstream.kafka.controller.port", "0",
                    "editstream.registry.port", "0",
                    "editstream.bundles.dir", "../models/bundles",
                    "editstream.processors.enabled", "false",
                    "editstream.worker.enabled", "false")));
    endpoints = stack.endpoints();
    client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobRoot());
    Files.createDirectories(WorkerJvmIntegrationTest.LOGS);
    worker =
        WorkerJvm.start(
            endpoints,
            dataDir.resolve("worker"),
            WorkerJvmIntegrationTest.LOGS.resolve("processors-restart-worker.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (LauncherProcess p : new LauncherProcess[] {processors, worker}) {
        if (p != null && p.isAlive()) {
          p.terminate(Duration.ofSeconds(60));
        }
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  private static LauncherProcess startProcessors(String log) throws Exception {
    Map<String, String> env =
        Map.of(
            "EDITSTREAM_BOOTSTRAP_SERVERS", endpoints.bootstrapServers(),
            "EDITSTREAM_REGISTRY_URL", endpoints.registryUrl(),
            "EDITSTREAM_BLOB_ROOT", endpoints.blobRoot().toString(),
            "EDITSTREAM_DATA_DIR", dataDir.resolve("processors").toString(),
            "EDITSTREAM_BUNDLES_DIR", "../models/bundles",
            "EDITSTREAM_GATEWAY_PORT", "0",
            "EDITSTREAM_PROCESSORS_METRICS_PORT", "0");
    Files.createDirectories(dataDir.resolve("processors"));
    LauncherProcess p =
        LauncherProcess.start(env, WorkerJvmIntegrationTest.LOGS.resolve(log), "processors");
    String ready = p.awaitLine("Processors ", START);
    assertThat(ready).contains(" are up ");
    return p;
  }

  @Test
  void aProcessorsJvmKilledMidRunLosesNothingDuplicatesNothingAndInvertsNothingTwice()
      throws Exception {
    List<EditRequest> before = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      before.add(
          ResolutionIntegrationTest.request(
              "restart-a" + i, ResolutionIntegrationTest.SCENES.get(i % 4), true, i));
    }
    List<EditRequest> during = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      during.add(
          ResolutionIntegrationTest.request(
              "restart-b" + i, ResolutionIntegrationTest.SCENES.get(i % 4), true, i + 3));
    }
    Set<String> ids =
        java.util.stream.Stream.concat(before.stream(), during.stream())
            .map(EditRequest::getRequestId)
            .collect(Collectors.toSet());

    processors = startProcessors("processors-restart-first.log");
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                endpoints.bootstrapServers(),
                client.registryConfig(),
                List.of(Topics.EDIT_RESULTS, Topics.JOBS_INVERT, Topics.INVERSIONS))) {
      before.forEach(edits::submit);
      await("a first inversion published")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !records.poll().all(Topics.INVERSIONS).isEmpty());
      int publishedBeforeKill = records.all(Topics.INVERSIONS).size();
      assertThat(processors.kill(Duration.ofSeconds(30))).isEqualTo(SIGKILL_EXIT);
      LOG.info("processors killed after {} inversion(s) were published", publishedBeforeKill);

      during.forEach(edits::submit);
      processors = startProcessors("processors-restart-second.log");

      await("every result")
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).size() == ids.size());
      records.drainCommitted();

      Map<String, List<EditResult>> results = records.byKey(Topics.EDIT_RESULTS);
      assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(results.values()).allSatisfy(r -> assertThat(r).hasSize(1));
      assertThat(results.values())
          .allSatisfy(r -> assertThat(r.get(0).getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
      List<PipelineRecords.Keyed<InversionJob>> jobs = records.all(Topics.JOBS_INVERT);
      List<PipelineRecords.Keyed<InversionRecord>> inversions = records.all(Topics.INVERSIONS);
      assertThat(jobs.stream().map(PipelineRecords.Keyed::key).distinct()).hasSize(4);
      assertThat(jobs).as("one committed job per key").hasSize(4);
      assertThat(inversions).as("one inversion per key").hasSize(4);
    }
  }
}

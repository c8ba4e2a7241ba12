package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.blob.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM killed with SIGKILL in the middle of a run, then a new one started: no request is
 * lost, none ends twice, and the edits the new worker redid are the same bytes the engine gives in
 * this JVM.
 */
class WorkerCrashIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerCrashIntegrationTest.class);
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final int REQUESTS = 12;

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static StackEndpoints endpoints;
  private static ClientSettings client;
  private static LauncherProcess worker;

  @BeforeAll
  static void startStack() throws Exception {
    stack = SingleMachineStack.start(TestStacks.withoutWorker(dataDir));
    endpoints = stack.endpoints();
    client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobRoot());
    Files.createDirectories(WorkerJvmIntegrationTest.LOGS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (worker != null && worker.isAlive()) {
        worker.terminate(Duration.ofSeconds(60));
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void aWorkerKilledMidEditLosesNothingAndDuplicatesNothing() throws Exception {
    Instant started = Instant.now();
    // Prompt edits of 10 steps take a few seconds each, so one is always mid-edit.
    List<EditRequest> requests =
        new WorkerRequests("crash").more(WorkerRequests.steps(10)).subList(0, REQUESTS);
    Set<String> ids = requests.stream().map(EditRequest::getRequestId).collect(Collectors.toSet());

    worker =
        WorkerJvm.start(
            endpoints,
            dataDir.resolve("worker-1"),
            WorkerJvmIntegrationTest.LOGS.resolve("crash-test-worker-1.log"));
    Instant killedAt;
    Set<String> endedBeforeKill;
    Set<String> midEditAtKill;
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                endpoints.bootstrapServers(),
                client.registryConfig(),
                List.of(Topics.EDIT_RESULTS, Topics.EDIT_PROGRESS, Topics.JOBS_EDIT))) {
      requests.forEach(edits::submit);

      // Some results exist, and a request without one has done steps: kill the worker now.
      await("some results and an edit in progress")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  records.poll().byKey(Topics.EDIT_RESULTS).size() >= 3
                      && !inProgress(records, ids).isEmpty());
      LOG.info("killing the worker while {} is mid-edit", inProgress(records, ids));
      assertThat(worker.kill(Duration.ofSeconds(30))).isEqualTo(SIGKILL_EXIT);
      killedAt = Instant.now();

      // Whatever the killed worker committed is on the topics now; what it did not is lost.
      records.drainCommitted();
      endedBeforeKill = new TreeSet<>(records.byKey(Topics.EDIT_RESULTS).keySet());
      midEditAtKill = inProgress(records, ids);
      LOG.info(
          "killed: {} ended before, mid-edit {}, {} to go",
          endedBeforeKill.size(),
          midEditAtKill,
          REQUESTS - endedBeforeKill.size());
      assertThat(endedBeforeKill).hasSizeLessThan(REQUESTS);
      assertThat(midEditAtKill).as("edits the kill interrupted").isNotEmpty();

      // The engine's own results, computed here while the new worker waits for its partitions.
      CompletableFuture<Map<String, Expected>> reference =
          CompletableFuture.supplyAsync(() -> reference(requests));

      worker =
          WorkerJvm.start(
              endpoints,
              dataDir.resolve("worker-2"),
              WorkerJvmIntegrationTest.LOGS.resolve("crash-test-worker-2.log"));
      // The new member waits for the dead one's session to time out before it gets partitions.
      await("a result for every request")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).keySet().containsAll(ids));
      LOG.info("all {} results in {}", REQUESTS, Duration.between(started, Instant.now()));
      records.drainCommitted();

      Map<String, List<EditResult>> results = records.byKey(Topics.EDIT_RESULTS);
      assertThat(results.keySet()).as("no request lost").containsExactlyInAnyOrderElementsOf(ids);
      results.forEach(
          (id, got) -> {
            assertThat(got).as("terminal results of %s", id).hasSize(1);
            assertThat(got.get(0).getStatus())
                .as("%s: %s", id, got.get(0).getMessage())
                .isEqualTo(ResultStatus.SUCCEEDED);
          });
      for (String id : midEditAtKill) {
        assertThat(results.get(id).get(0).getCompletedAt())
            .as("%s, interrupted by the kill, was redone by the new worker", id)
            .isAfter(killedAt);
      }
      // Dispatch made each job once; the new worker found the uncommitted ones on jobs-edit.
      Map<String, List<EditJob>> jobs = records.byKey(Topics.JOBS_EDIT);
      ids.forEach(id -> assertThat(jobs.get(id)).as("jobs of %s", id).hasSize(1));

      FileBlobStore blobs = new FileBlobStore(endpoints.blobRoot());
      Map<String, Expected> expected = reference.get(5, TimeUnit.MINUTES);
      for (String id : ids) {
        Expected want = expected.get(id);
        assertThat(jobs.get(id).get(0).getPlan()).as("plan of %s", id).isEqualTo(want.plan());
        EngineReference.Rgb got =
            EngineReference.decode(blobs.get(results.get(id).get(0).getResultImage()));
        assertThat(got.width()).as("width of %s", id).isEqualTo(want.rgb().width());
        assertThat(got.height()).as("height of %s", id).isEqualTo(want.rgb().height());
        assertThat(got.bytes()).as("RGB bytes of %s", id).isEqualTo(want.rgb().bytes());
      }
    }
    assertThat(worker.isAlive()).as("the second worker runs on").isTrue();
    assertThat(stack.unhealthyParts()).isEmpty();
    LOG.info("test took {}", Duration.between(started, Instant.now()));
  }

  /** A request's plan and the engine's image of it, made in this JVM. */
  private record Expected(EditPlan plan, EngineReference.Rgb rgb) {}

  private static Map<String, Expected> reference(List<EditRequest> requests) {
    Map<String, Expected> out = new HashMap<>();
    try (EngineReference engine = new EngineReference(new FileBlobStore(endpoints.blobRoot()))) {
      for (EditRequest request : requests) {
        EditPlan plan = engine.plan(request);
        out.put(request.getRequestId(), new Expected(plan, engine.run(request, plan)));
      }
    }
    return out;
  }

  /** The requests without a result whose edit has done at least one step. */
  private static Set<String> inProgress(PipelineRecords records, Set<String> ids) {
    Set<String> ended = records.byKey(Topics.EDIT_RESULTS).keySet();
    Set<String> running = new TreeSet<>();
    for (Map.Entry<String, List<EditProgress>> e : records.byKey(Topics.EDIT_PROGRESS).entrySet()) {
      if (ids.contains(e.getKey())
          && !ended.contains(e.getKey())
          && e.getValue().stream().anyMatch(p -> p.getStep() > 0)) {
        running.add(e.getKey());
      }
    }
    return running;
  }
}

package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit worker as its own JVM ({@code editstream worker}) behind the embedded stack's intake,
 * dispatch and results stage: 40 requests (edits of every kind at three source sizes, eight only
 * the bundle can tell are invalid, two cancelled while they run, two that expire while they wait
 * behind them) each end in exactly one terminal result, and every edited image is, byte for byte,
 * what the engine gives in this JVM for the same request.
 */
class WorkerJvmIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerJvmIntegrationTest.class);

  /** Kept after the run (unlike the temporary data directory), for a failure's post-mortem. */
  static final Path LOGS = Path.of("target", "it-logs");

  /**
   * The deadline of a request queued behind a long edit, from its submission: it is dispatched at
   * once (it inverts nothing) and the long edit runs for more than this after its first step's
   * progress (200 steps, 9-12 s here, reported at most every 500 ms), long enough that the
   * cancellation sent after the queued request expired still finds it running.
   */
  private static final Duration QUEUED_DEADLINE = Duration.ofSeconds(3);

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static StackEndpoints endpoints;
  private static ClientSettings client;
  private static LauncherProcess worker;
  private static LauncherProcess second;
  private static final String SECOND_WORKER = "second-worker";

  @BeforeAll
  static void startStackAndWorker() throws Exception {
    stack = SingleMachineStack.start(TestStacks.withoutWorker(dataDir));
    endpoints = stack.endpoints();
    client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobRoot());
    Files.createDirectories(LOGS);
    worker =
        WorkerJvm.start(
            endpoints, dataDir.resolve("worker"), LOGS.resolve("worker-jvm-test-worker.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (second != null) {
        second.terminate(Duration.ofSeconds(60));
      }
      if (worker != null) {
        worker.terminate(Duration.ofSeconds(60));
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  /** What a request must end as. */
  private record Expect(ResultStatus status, String reason) {}

  @Test
  void everyRequestEndsOnceAsItShouldAndEveryEditIsTheEnginesOwnBytes() throws Exception {
    WorkerRequests requests = new WorkerRequests("wjvm");
    List<EditRequest> valid = requests.valid(WorkerRequests.small());
    List<WorkerRequests.Invalid> invalid = requests.invalid();
    assertThat(valid).hasSize(28);
    assertThat(invalid).hasSize(8);
    assertThat(invalid.stream().map(WorkerRequests.Invalid::reason).distinct()).hasSize(7);

    Map<String, Expect> expected = new LinkedHashMap<>();
    List<String> cancelled = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    Instant started = Instant.now();
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                endpoints.bootstrapServers(),
                client.registryConfig(),
                List.of(
                    Topics.EDIT_RESULTS,
                    Topics.EDIT_PROGRESS,
                    Topics.EDIT_AUDIT,
                    Topics.WORKER_OUTCOMES,
                    Topics.JOBS_EDIT))) {

      // Twice: a long edit runs; a short one queued behind it expires; the long one is cancelled.
      for (int n = 0; n < 2; n++) {
        EditRequest running = requests.longRunning(n);
        String runningId = edits.submit(running);
        await("progress of " + runningId)
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    records.poll().of(Topics.EDIT_PROGRESS, runningId).stream()
                        .anyMatch(p -> p.getStep() > 0));
        LOG.info("{} is running; queueing one with a deadline behind it", runningId);

        EditRequest waiting = requests.expiring(n, Instant.now().plus(QUEUED_DEADLINE));
        String waitingId = edits.submit(waiting);
        EditResult end = awaitResult(records, waitingId, Duration.ofSeconds(60));
        assertThat(end.getStatus()).as(waitingId).isEqualTo(ResultStatus.EXPIRED);
        assertThat(records.of(Topics.EDIT_RESULTS, runningId))
            .as("%s still runs when %s expires", runningId, waitingId)
            .isEmpty();

        edits.cancel(runningId, "integration test: cancelled mid-edit");
        assertThat(awaitResult(records, runningId, Duration.ofSeconds(60)).getStatus())
            .as(runningId)
            .isEqualTo(ResultStatus.CANCELLED);
        // The worker stops the job between steps and commits it without an outcome.
        await("the worker stops " + runningId)
            .atMost(Duration.ofSeconds(60))
            .until(() -> workerDecisions(records.poll(), runningId).contains("EDIT_CANCELLED"));
        LOG.info("{} cancelled mid-edit, {} expired behind it", runningId, waitingId);

        cancelled.add(runningId);
        expired.add(waitingId);
        expected.put(runningId, new Expect(ResultStatus.CANCELLED, "CANCELLED_BY_CLIENT"));
        expected.put(waitingId, new Expect(ResultStatus.EXPIRED, "DEADLINE_EXPIRED"));
      }

      // A second worker on this machine, under its own id: both share the partitions, and
      // neither fences the other's transactions (the first keeps the host name as its id).
      second =
          WorkerJvm.start(
              endpoints,
              dataDir.resolve("second-worker"),
              LOGS.resolve("worker-jvm-test-second-worker.log"),
              SECOND_WORKER);
      for (EditRequest r : valid) {
        edits.submit(r);
        expected.put(r.getRequestId(), new Expect(ResultStatus.SUCCEEDED, "OK"));
      }
      for (WorkerRequests.Invalid bad : invalid) {
        edits.submit(bad.request());
        expected.put(bad.request().getRequestId(), new Expect(ResultStatus.REJECTED, bad.reason()));
      }
      assertThat(expected).hasSize(40);

      await("a result for each of the 40 requests")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  records
                      .poll()
                      .byKey(Topics.EDIT_RESULTS)
                      .keySet()
                      .containsAll(expected.keySet()));
      LOG.info("all 40 results in {}", Duration.between(started, Instant.now()));
      // Everything committed so far, read_committed, from the start of every topic.
      records.drainCommitted();

      Map<String, List<EditResult>> results = records.byKey(Topics.EDIT_RESULTS);
      assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach(
          (id, expect) -> {
            List<EditResult> got = results.get(id);
            assertThat(got).as("terminal results of %s", id).hasSize(1);
            EditResult r = got.get(0);
            assertThat(r.getStatus()).as("%s: %s", id, r.getMessage()).isEqualTo(expect.status());
            assertThat(r.getReasonCode())
                .as("%s: %s", id, r.getMessage())
                .isEqualTo(expect.reason());
          });

      Map<String, List<EditJob>> jobs = records.byKey(Topics.JOBS_EDIT);
      for (WorkerRequests.Invalid bad : invalid) {
        assertThat(jobs).as(bad.way()).doesNotContainKey(bad.request().getRequestId());
      }
      for (String id : expected.keySet()) {
        if (expected.get(id).status() != ResultStatus.REJECTED) {
          assertThat(jobs.get(id)).as("jobs of %s", id).hasSize(1);
        }
      }

      for (String id : cancelled) {
        assertThat(records.of(Topics.WORKER_OUTCOMES, id)).as("outcomes of " + id).isEmpty();
        List<EditProgress> progress = records.of(Topics.EDIT_PROGRESS, id);
        assertThat(progress)
            .as("%s stopped before its last sampling step", id)
            .noneMatch(
                p ->
                    p.getStage() == Stage.EDIT
                        && p.getTotalSteps() > 0
                        && p.getStep() == p.getTotalSteps());
      }
      for (String id : expired) {
        assertThat(results.get(id).get(0).getMessage())
            .as("%s expired while dispatched, not before", id)
            .contains("passed before the edit finished");
        assertThat(workerDecisions(records, id))
            .as("%s never ran", id)
            .doesNotContain("EDIT_STARTED");
        assertThat(records.of(Topics.WORKER_OUTCOMES, id))
            .as("outcomes of " + id)
            .allMatch(o -> o.getStatus() == ResultStatus.EXPIRED);
      }

      compareWithTheEngine(valid, results, jobs);
      Set<String> ranBy = new HashSet<>();
      for (EditRequest r : valid) {
        records.of(Topics.EDIT_AUDIT, r.getRequestId()).stream()
            .filter(e -> e.getDecision().equals("EDIT_STARTED"))
            .forEach(e -> ranBy.add(e.getComponent()));
      }
      assertThat(ranBy).as("workers that ran the batch").contains(SECOND_WORKER).hasSize(2);
    }
    assertThat(stack.unhealthyParts()).isEmpty();
    assertThat(worker.isAlive()).as("the worker JVM runs on").isTrue();
    assertThat(second.isAlive()).as("the second worker JVM runs on").isTrue();
    LOG.info("test took {}", Duration.between(started, Instant.now()));
  }

  /**
   * Each edit's result decodes at its source's size and holds the bytes the engine makes here of
   * the plan made here, which is the plan dispatch made.
   */
  private static void compareWithTheEngine(
      List<EditRequest> valid,
      Map<String, List<EditResult>> results,
      Map<String, List<EditJob>> jobs) {
    FileBlobStore blobs = new FileBlobStore(endpoints.blobRoot());
    Set<String> sizes = new TreeSet<>();
    try (EngineReference engine = new EngineReference(blobs)) {
      for (EditRequest request : valid) {
        String id = request.getRequestId();
        EditResult result = results.get(id).get(0);
        EditPlan plan = engine.plan(request);
        EditJob job = jobs.get(id).get(0);
        assertThat(job.getPlan()).as("dispatch's plan of %s", id).isEqualTo(plan);
        assertThat(job.getBundleSha256()).isEqualTo(engine.bundleSha256());
        assertThat(result.getSeed()).as("seed of %s", id).isEqualTo(plan.getSeed());
        assertThat(result.getBundleSha256()).isEqualTo(engine.bundleSha256());

        EngineReference.Rgb source = EngineReference.decode(engine.bytes(request.getImage()));
        EngineReference.Rgb got = EngineReference.decode(blobs.get(result.getResultImage()));
        assertThat(got.width()).as("width of %s", id).isEqualTo(source.width());
        assertThat(got.height()).as("height of %s", id).isEqualTo(source.height());
        sizes.add(source.width() + "x" + source.height());

        EngineReference.Rgb want = engine.run(request, plan);
        assertThat(want.width()).isEqualTo(source.width());
        assertThat(want.height()).isEqualTo(source.height());
        assertThat(got.bytes())
            .as(
                "%s (%s, %dx%d): the worker's RGB bytes are the engine's",
                id, plan.getMethod(), source.width(), source.height())
            .isEqualTo(want.bytes());
      }
    }
    assertThat(sizes).contains("32x32", "64x64", "96x64");
  }

  /** Waits for the request's first terminal result. */
  static EditResult awaitResult(PipelineRecords records, String id, Duration timeout) {
    await("result of " + id)
        .atMost(timeout)
        .until(() -> !records.poll().of(Topics.EDIT_RESULTS, id).isEmpty());
    return records.of(Topics.EDIT_RESULTS, id).get(0);
  }

  /** The worker's audit decisions for a request, in order. */
  static List<String> workerDecisions(PipelineRecords records, String id) {
    return records.of(Topics.EDIT_AUDIT, id).stream()
        .filter(e -> e.getStage() == Stage.EDIT)
        .map(AuditEvent::getDecision)
        .toList();
  }
}

package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the worker publishes and commits for a job, on a real broker with fake executors. */
class EditWorkerTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private WorkerHarness harness;

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
  void publishesOutcomeMetricsAndAuditInOneTransactionAndCommitsTheOffset() throws Exception {
    String id = harness.id("job");
    QualityMetrics quality = QualityMetrics.newBuilder().setClipScore(0.31).build();
    EditWorker worker =
        harness.start(
            harness.settings("w"),
            (job, control) ->
                JobOutput.succeeded(TestJobs.RESULT)
                    .caption("a large red circle on a blue background")
                    .bundle("shapes:2", "ef".repeat(32))
                    .seed(7)
                    .timing("edit", 1234)
                    .quality(quality)
                    .steps(20)
                    .device("CPU")
                    .build());
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    Tail<EditMetrics> metrics = harness.metrics();
    Tail<AuditEvent> audit = harness.audit();

    RecordMetadata sent = harness.send(3, TestJobs.job(id));

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getRequestId()).isEqualTo(id);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(outcome.getReasonCode()).isEqualTo("OK");
    assertThat(outcome.getResultImage()).isEqualTo(TestJobs.RESULT);
    assertThat(outcome.getSeed()).isEqualTo(7L);
    assertThat(outcome.getBundleId()).isEqualTo("shapes:2");
    assertThat(outcome.getAttempt()).isEqualTo(1);
    assertThat(outcome.getWorker()).isEqualTo(worker.workerId());
    assertThat(outcome.getTimingsMs()).containsEntry("edit", 1234L).containsKeys("queue", "worker");
    // The transaction that carried the outcome committed the offset past the job.
    await().atMost(PATIENCE).until(() -> harness.committed(3) == sent.offset() + 1);

    EditMetrics measured =
        await().atMost(PATIENCE).until(metrics::values, l -> !l.isEmpty()).get(0);
    assertThat(measured.getEditKind()).isEqualTo("PromptEdit:REPLACE");
    assertThat(measured.getSteps()).isEqualTo(20);
    assertThat(measured.getDevice()).isEqualTo("CPU");
    assertThat(measured.getBundleId()).isEqualTo("shapes:2");
    assertThat(measured.getQuality().getClipScore()).isEqualTo(0.31);

    List<AuditEvent> events = audit.readToEnd();
    assertThat(events)
        .extracting(AuditEvent::getDecision)
        .containsExactly("EDIT_STARTED", "EDIT_FINISHED");
    assertThat(events).allSatisfy(e -> assertThat(e.getStage()).isEqualTo(Stage.EDIT));
    assertThat(events.get(1).getDetails())
        .containsEntry("worker", worker.workerId())
        .containsEntry("attempt", "1")
        .containsEntry("resultSha256", TestJobs.RESULT.getSha256())
        .containsEntry("offset", Long.toString(sent.offset()));
  }

  @Test
  void publishesProgressAtStageChangesAndAboutEveryTenthOfTheSteps() throws Exception {
    String id = harness.id("job");
    harness.start(
        // the steps here take no time: no least interval, so every tenth is reported
        harness.settings("w").progressInterval(Duration.ZERO),
        (job, control) -> {
          for (int step = 0; step <= 20; step++) {
            control.progress(Stage.EDIT, step, 20, "denoising");
          }
          return TestJobs.succeeded();
        });
    Tail<EditProgress> progress = harness.progress();

    harness.send(0, TestJobs.job(id));

    await()
        .atMost(PATIENCE)
        .until(progress::values, l -> l.stream().anyMatch(p -> p.getStep() == 20));
    assertThat(progress.values())
        .filteredOn(p -> p.getTotalSteps() == 20)
        .extracting(EditProgress::getStep)
        .containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
  }

  @Test
  void runsWaitingJobsByPriorityThenArrival() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Queue<String> order = new ConcurrentLinkedQueue<>();
    String blocker = harness.id("blocker");
    EditWorker worker =
        harness.start(
            harness.settings("w").threads(1).queueCapacity(8),
            (job, control) -> {
              order.add(job.getRequestId());
              if (job.getRequestId().equals(blocker)) {
                release.await(60, TimeUnit.SECONDS);
              }
              return TestJobs.succeeded();
            });
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    harness.send(0, TestJobs.job(blocker));
    await().atMost(PATIENCE).until(() -> order.contains(blocker));

    harness.send(1, TestJobs.job(harness.id("low"), 0, null));
    harness.send(1, TestJobs.job(harness.id("high-first"), 5, null));
    harness.send(1, TestJobs.job(harness.id("middle"), 1, null));
    harness.send(1, TestJobs.job(harness.id("high-second"), 5, null));
    await().atMost(PATIENCE).until(() -> worker.waitingJobs() == 4);
    release.countDown();

    await().atMost(PATIENCE).until(outcomes::values, l -> l.size() == 5);
    assertThat(order)
        .containsExactly(
            blocker,
            harness.id("high-first"),
            harness.id("high-second"),
            harness.id("middle"),
            harness.id("low"));
  }

  @Test
  void retriesATransientFailureAndSucceedsOnTheSecondAttempt() throws Exception {
    String id = harness.id("job");
    AtomicInteger calls = new AtomicInteger();
    harness.start(
        harness.settings("w").attempts(3),
        (job, control) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("device busy");
          }
          return TestJobs.succeeded();
        });
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    Tail<AuditEvent> audit = harness.audit();

    harness.send(2, TestJobs.job(id));

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(outcome.getAttempt()).isEqualTo(2);
    assertThat(calls).hasValue(2);
    List<AuditEvent> events = audit.readToEnd();
    assertThat(events)
        .extracting(AuditEvent::getDecision)
        .containsExactly("EDIT_STARTED", "EDIT_RETRY", "EDIT_STARTED", "EDIT_FINISHED");
    assertThat(events.get(1).getDetails()).containsEntry("error", "device busy");
  }

  @Test
  void failsWithRetriesExhaustedWhenEveryAttemptFails() throws Exception {
    String id = harness.id("job");
    AtomicInteger calls = new AtomicInteger();
    harness.start(
        harness.settings("w").attempts(3),
        (job, control) -> {
          calls.incrementAndGet();
          throw new IllegalStateException("device lost");
        });
    Tail<WorkerOutcome> outcomes = harness.outcomes();

    RecordMetadata sent = harness.send(2, TestJobs.job(id));

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.FAILED);
    assertThat(outcome.getReasonCode()).isEqualTo(ReasonCode.RETRIES_EXHAUSTED.name());
    assertThat(outcome.getMessage()).isEqualTo("device lost");
    assertThat(outcome.getAttempt()).isEqualTo(3);
    assertThat(calls).hasValue(3);
    await().atMost(PATIENCE).until(() -> harness.committed(2) == sent.offset() + 1);
  }

  @Test
  void rejectsAUserErrorWithoutRetrying() throws Exception {
    String id = harness.id("job");
    AtomicInteger calls = new AtomicInteger();
    harness.start(
        harness.settings("w").attempts(3),
        (job, control) -> {
          calls.incrementAndGet();
          throw new EditException(ReasonCode.WORD_NOT_IN_VOCABULARY, "word 'cat' of 'a cat'");
        });
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    Tail<EditMetrics> metrics = harness.metrics();

    harness.send(4, TestJobs.job(id));

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(outcome.getReasonCode()).isEqualTo(ReasonCode.WORD_NOT_IN_VOCABULARY.name());
    assertThat(outcome.getMessage()).contains("word 'cat' of 'a cat'");
    assertThat(outcome.getAttempt()).isEqualTo(1);
    assertThat(calls).hasValue(1);
    assertThat(metrics.readToEnd()).isEmpty();
  }

  @Test
  void failsAPoisonRecordAtOnceAndStillRunsTheNextJobOfItsPartition() throws Exception {
    String poison = harness.id("poison");
    String next = harness.id("next");
    Queue<String> ran = new ConcurrentLinkedQueue<>();
    harness.start(
        harness.settings("w"),
        (job, control) -> {
          ran.add(job.getRequestId());
          return TestJobs.succeeded();
        });
    Tail<WorkerOutcome> outcomes = harness.outcomes();

    harness.sendRaw(5, poison, "not avro at all".getBytes(StandardCharsets.UTF_8));
    RecordMetadata sent = harness.send(5, TestJobs.job(next));

    List<WorkerOutcome> both = await().atMost(PATIENCE).until(outcomes::values, l -> l.size() == 2);
    assertThat(both)
        .filteredOn(o -> o.getRequestId().equals(poison))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getStatus()).isEqualTo(ResultStatus.FAILED);
              assertThat(o.getReasonCode()).isEqualTo(ReasonCode.POISON_JOB.name());
            });
    assertThat(both)
        .filteredOn(o -> o.getRequestId().equals(next))
        .singleElement()
        .extracting(WorkerOutcome::getStatus)
        .isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(ran).containsExactly(next);
    await().atMost(PATIENCE).until(() -> harness.committed(5) == sent.offset() + 1);
  }

  @Test
  void expiresAJobWhoseDeadlinePassedWithoutRunningIt() throws Exception {
    String id = harness.id("job");
    AtomicInteger calls = new AtomicInteger();
    harness.start(
        harness.settings("w"),
        (job, control) -> {
          calls.incrementAndGet();
          return TestJobs.succeeded();
        });
    Tail<WorkerOutcome> outcomes = harness.outcomes();

    harness.send(1, TestJobs.job(id, 0, Instant.now().minusSeconds(60)));

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(outcome.getReasonCode()).isEqualTo(ReasonCode.DEADLINE_EXPIRED.name());
    assertThat(calls).hasValue(0);
  }
}

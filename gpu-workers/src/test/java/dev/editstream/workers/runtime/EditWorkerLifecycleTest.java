package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancellation, long jobs and shutdown, on a real broker with fake executors. */
class EditWorkerLifecycleTest {

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

  /** A job that runs step after step until released, checking for cancellation at each. */
  private static final class SteppingJob implements JobExecutor {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Instant> startedAt = new AtomicReference<>();
    final AtomicReference<JobCancelledException> cancelled = new AtomicReference<>();

    @Override
    public JobOutput execute(dev.editstream.schemas.avro.EditJob job, JobControl control)
        throws InterruptedException {
      calls.incrementAndGet();
      startedAt.set(Instant.now());
      started.countDown();
      try {
        for (int step = 0; !release.await(50, TimeUnit.MILLISECONDS); step++) {
          control.checkCancelled();
          control.progress(Stage.EDIT, step, 0, null);
        }
      } catch (JobCancelledException e) {
        cancelled.set(e);
        throw e;
      }
      return TestJobs.succeeded();
    }
  }

  @Test
  void stopsARunningJobWhenItsResultIsDecidedAndCommitsItWithoutAnOutcome() throws Exception {
    String id = harness.id("job");
    SteppingJob executor = new SteppingJob();
    harness.start(harness.settings("w"), executor);
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    Tail<AuditEvent> audit = harness.audit();
    RecordMetadata sent = harness.send(0, TestJobs.job(id));
    assertThat(executor.started.await(60, TimeUnit.SECONDS)).isTrue();

    harness.sendResult(id, ResultStatus.CANCELLED, "CANCELLED_BY_CLIENT");

    await().atMost(PATIENCE).until(() -> executor.cancelled.get() != null);
    await().atMost(PATIENCE).until(() -> harness.committed(0) == sent.offset() + 1);
    await()
        .atMost(PATIENCE)
        .until(
            audit::values, l -> l.stream().anyMatch(e -> e.getDecision().equals("EDIT_CANCELLED")));
    assertThat(outcomes.readToEnd()).isEmpty();
    assertThat(executor.calls).hasValue(1);
  }

  @Test
  void skipsAWaitingJobWhoseResultIsDecided() throws Exception {
    String blocker = harness.id("blocker");
    String decided = harness.id("decided");
    CountDownLatch release = new CountDownLatch(1);
    Queue<String> ran = new ConcurrentLinkedQueue<>();
    EditWorker worker =
        harness.start(
            harness.settings("w").threads(1),
            (job, control) -> {
              ran.add(job.getRequestId());
              release.await(60, TimeUnit.SECONDS);
              return TestJobs.succeeded();
            });
    Tail<AuditEvent> audit = harness.audit();
    harness.send(0, TestJobs.job(blocker));
    await().atMost(PATIENCE).until(() -> ran.contains(blocker));
    RecordMetadata sent = harness.send(1, TestJobs.job(decided));
    await().atMost(PATIENCE).until(() -> worker.waitingJobs() == 1);

    harness.sendResult(decided, ResultStatus.EXPIRED, "DEADLINE_EXPIRED");
    await().atMost(PATIENCE).until(() -> worker.knowsDecided(decided));
    release.countDown();

    await().atMost(PATIENCE).until(() -> harness.committed(1) == sent.offset() + 1);
    List<AuditEvent> events =
        await()
            .atMost(PATIENCE)
            .until(audit::values, l -> l.stream().anyMatch(e -> e.getRequestId().equals(decided)));
    assertThat(events)
        .filteredOn(e -> e.getRequestId().equals(decided))
        .extracting(AuditEvent::getDecision)
        .containsExactly("EDIT_SKIPPED");
    assertThat(ran).containsExactly(blocker);
  }

  @Test
  void keepsItsMembershipThroughAJobLongerThanMaxPollInterval() throws Exception {
    String id = harness.id("job");
    SteppingJob executor = new SteppingJob();
    harness.start(harness.settings("w").kafka("max.poll.interval.ms", 3000), executor);
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    harness.send(2, TestJobs.job(id));
    assertThat(executor.started.await(60, TimeUnit.SECONDS)).isTrue();
    Set<String> membersAtStart = harness.members();

    // The job outlives max.poll.interval.ms by half as much again.
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Duration.between(executor.startedAt.get(), Instant.now()).toMillis() > 4500);
    assertThat(harness.members()).hasSize(1).isEqualTo(membersAtStart);
    executor.release.countDown();

    await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty());
    assertThat(outcomes.readToEnd()).hasSize(1);
    assertThat(executor.calls).hasValue(1);
    assertThat(executor.cancelled.get()).isNull();
    assertThat(harness.members()).isEqualTo(membersAtStart);
  }

  @Test
  void handsARunningJobBackOnCloseAndTheNextWorkerFinishesIt() throws Exception {
    String id = harness.id("job");
    SteppingJob first = new SteppingJob();
    EditWorker closing = harness.start(harness.settings("first"), first);
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    RecordMetadata sent = harness.send(4, TestJobs.job(id));
    assertThat(first.started.await(60, TimeUnit.SECONDS)).isTrue();

    closing.close(Duration.ofMillis(300));

    assertThat(first.cancelled.get()).isNotNull();
    assertThat(harness.committed(4)).isLessThanOrEqualTo(sent.offset());
    EditWorker next =
        harness.start(harness.settings("next"), (job, control) -> TestJobs.succeeded());
    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getWorker()).isEqualTo(next.workerId());
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    await().atMost(PATIENCE).until(() -> harness.committed(4) == sent.offset() + 1);
    assertThat(outcomes.readToEnd()).hasSize(1);
  }

  @Test
  void letsARunningJobFinishWithinTheCloseDeadlineAndPublishesIt() throws Exception {
    String id = harness.id("job");
    SteppingJob executor = new SteppingJob();
    EditWorker worker = harness.start(harness.settings("w"), executor);
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    RecordMetadata sent = harness.send(3, TestJobs.job(id));
    assertThat(executor.started.await(60, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closed =
        CompletableFuture.runAsync(() -> worker.close(Duration.ofSeconds(30)));
    await().atMost(PATIENCE).until(() -> !worker.isRunning() || closed.isDone());
    executor.release.countDown();
    closed.get(60, TimeUnit.SECONDS);

    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getWorker()).isEqualTo(worker.workerId());
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(executor.cancelled.get()).isNull();
    await().atMost(PATIENCE).until(() -> harness.committed(3) == sent.offset() + 1);
  }

  @Test
  void aMemberJoiningTakesOverRevokedJobsAndEveryJobEndsWithOneOutcome() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EditWorker first =
        harness.start(
            harness.settings("first").threads(1).queueCapacity(8),
            (job, control) -> {
              while (!release.await(50, TimeUnit.MILLISECONDS)) {
                control.checkCancelled();
              }
              return TestJobs.succeeded();
            });
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    List<RecordMetadata> sent = new java.util.ArrayList<>();
    for (int p = 0; p < Topics.JOBS_EDIT.partitions(); p++) {
      sent.add(harness.send(p, TestJobs.job(harness.id("job-" + p))));
    }
    await().atMost(PATIENCE).until(() -> first.waitingJobs() == sent.size() - 1);

    EditWorker second =
        harness.start(harness.settings("second"), (job, control) -> TestJobs.succeeded());
    await()
        .atMost(PATIENCE)
        .until(
            outcomes::values,
            l -> l.stream().anyMatch(o -> o.getWorker().equals(second.workerId())));
    release.countDown();

    await().atMost(PATIENCE).until(outcomes::values, l -> l.size() >= sent.size());
    for (RecordMetadata record : sent) {
      await()
          .atMost(PATIENCE)
          .until(() -> harness.committed(record.partition()) == record.offset() + 1);
    }
    assertThat(outcomes.readToEnd())
        .extracting(WorkerOutcome::getRequestId)
        .doesNotHaveDuplicates()
        .hasSize(sent.size());
  }

  @Test
  void stopsWhenANewerInstanceWithItsWorkerIdFencesIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EditWorker fenced =
        harness.start(
            harness.settings("same"),
            (job, control) -> {
              started.countDown();
              release.await(60, TimeUnit.SECONDS);
              return TestJobs.succeeded();
            });
    Tail<WorkerOutcome> outcomes = harness.outcomes();
    harness.send(0, TestJobs.job(harness.id("job")));
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

    EditWorker newer =
        harness.start(harness.settings("same"), (job, control) -> TestJobs.succeeded());
    release.countDown();

    await().atMost(PATIENCE).until(() -> fenced.failure().isPresent());
    assertThat(fenced.isRunning()).isFalse();
    WorkerOutcome outcome =
        await().atMost(PATIENCE).until(outcomes::values, l -> !l.isEmpty()).get(0);
    assertThat(outcome.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(newer.isRunning()).isTrue();
  }
}

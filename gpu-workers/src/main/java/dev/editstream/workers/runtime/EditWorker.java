package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit worker: a long-running member of the edit workers' consumer group that runs the jobs of
 * {@code jobs-edit} with a {@link JobExecutor} and publishes what came of them (see the package
 * documentation for the design).
 *
 * <pre>{@code
 * WorkerSettings settings = WorkerSettings.builder("127.0.0.1:9092", registryConfig)
 *     .workerId("gpu-0").threads(1).build();
 * try (EditWorker worker = EditWorker.start(settings, executor)) {
 *   ...   // runs until closed
 * }
 * }</pre>
 */
public final class EditWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EditWorker.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final WorkerSettings settings;
  private final JobQueue queue;
  private final DecidedRequests decided;
  private final PollLoop pollLoop;
  private final ResultsFollower follower;
  private final ProgressPublisher progress;
  private final KafkaClientMetrics consumerMetrics;
  private final Thread pollThread;
  private final Thread followerThread;
  private final List<Thread> computeThreads = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private EditWorker(
      WorkerSettings settings,
      JobQueue queue,
      DecidedRequests decided,
      PollLoop pollLoop,
      ResultsFollower follower,
      ProgressPublisher progress,
      KafkaClientMetrics consumerMetrics,
      JobRunner runner,
      BlockingQueue<Completion> completions) {
    this.settings = settings;
    this.consumerMetrics = consumerMetrics;
    this.queue = queue;
    this.decided = decided;
    this.pollLoop = pollLoop;
    this.follower = follower;
    this.progress = progress;
    String name = "edit-worker-" + settings.workerId();
    for (int i = 0; i < settings.threads(); i++) {
      computeThreads.add(
          daemon(
              new ComputeLoop(queue, runner, completions, pollLoop::wake), name + "-compute-" + i));
    }
    this.followerThread = daemon(follower, name + "-results");
    this.pollThread = new Thread(pollLoop, name + "-poll");
  }

  /**
   * Starts a worker whose meters go nowhere: see {@link #start(WorkerSettings, JobExecutor,
   * MeterRegistry)}.
   *
   * @param settings how to run
   * @param executor the compute
   * @throws org.apache.kafka.common.KafkaException when the clients cannot be set up
   */
  public static EditWorker start(WorkerSettings settings, JobExecutor executor) {
    return start(settings, executor, new CompositeMeterRegistry());
  }

  /**
   * Starts a worker: creates its clients (blocking until the outcome producer's transactional id is
   * registered), then its threads, and joins the group.
   *
   * @param settings how to run
   * @param executor the compute
   * @param meters where the worker records its meters (queue wait, compute per method, jobs in
   *     flight; see {@code docs/metrics.md}) and its job consumer's Kafka metrics (lag among them)
   * @throws org.apache.kafka.common.KafkaException when the clients cannot be set up
   */
  public static EditWorker start(
      WorkerSettings settings, JobExecutor executor, MeterRegistry meters) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(meters, "meters");
    Clock clock = Clock.systemUTC();
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      ProgressPublisher progress = open(opened, progressPublisher(settings, clock));
      OutcomePublisher publisher = open(opened, outcomePublisher(settings));
      publisher.start();
      KafkaConsumer<String, JobRecord> jobs =
          open(
              opened,
              new KafkaConsumer<>(
                  ClientConfigs.jobConsumer(settings),
                  new StringDeserializer(),
                  new JobRecordDeserializer(settings.registryConfig())));
      KafkaClientMetrics consumerMetrics =
          open(
              opened,
              // Tagged as every Kafka client's metrics are (client id, Kafka version): a registry
              // shared with other clients needs one set of tag keys per name. Its own scheduler
              // looks for new metrics (a partition's lag, once assigned) every minute.
              new KafkaClientMetrics(jobs));
      consumerMetrics.bindTo(meters);
      KafkaConsumer<String, byte[]> results =
          open(
              opened,
              new KafkaConsumer<>(
                  ClientConfigs.resultsConsumer(settings),
                  new StringDeserializer(),
                  new ByteArrayDeserializer()));
      return assemble(
          settings,
          executor,
          clock,
          progress,
          publisher,
          jobs,
          results,
          new WorkerMeters(meters, settings.workerId()),
          consumerMetrics);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  private static EditWorker assemble(
      WorkerSettings settings,
      JobExecutor executor,
      Clock clock,
      ProgressPublisher progress,
      OutcomePublisher publisher,
      KafkaConsumer<String, JobRecord> jobs,
      KafkaConsumer<String, byte[]> results,
      WorkerMeters meters,
      KafkaClientMetrics consumerMetrics) {
    JobQueue queue = new JobQueue();
    meters.inFlight(WorkerMeters.EDIT, queue, JobQueue::runningCount);
    meters.waiting(WorkerMeters.EDIT, queue, JobQueue::waitingCount);
    DecidedRequests decided = new DecidedRequests();
    Outcomes outcomes = new Outcomes(settings.workerId(), clock);
    BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    JobIntake intake = new JobIntake(queue, decided, outcomes, completions);
    PollLoop pollLoop = new PollLoop(settings, jobs, publisher, queue, intake, completions, clock);
    ResultsFollower follower =
        new ResultsFollower(
            results, decided, requestId -> cancelDecided(queue, requestId), pollLoop::fail);
    follower.seekStart(clock.instant(), settings.resultsLookBack());
    JobRunner runner = new JobRunner(executor, settings, progress, decided, outcomes, meters);
    EditWorker worker =
        new EditWorker(
            settings,
            queue,
            decided,
            pollLoop,
            follower,
            progress,
            consumerMetrics,
            runner,
            completions);
    worker.startThreads();
    return worker;
  }

  private static void cancelDecided(JobQueue queue, String requestId) {
    if (queue.cancel(requestId, CancelCause.DECIDED) > 0) {
      LOG.info("job {}: its result is decided; cancelling it", requestId);
    }
  }

  private void startThreads() {
    followerThread.start();
    computeThreads.forEach(Thread::start);
    pollThread.start();
    LOG.info(
        "edit worker {} started: group {}, {} threads, queue {}",
        settings.workerId(),
        settings.groupId(),
        settings.threads(),
        settings.queueCapacity());
  }

  /** This worker's id, as outcomes and audit events name it. */
  public String workerId() {
    return settings.workerId();
  }

  /** Whether the worker still takes and runs jobs (false once closing or after a failure). */
  public boolean isRunning() {
    return pollThread.isAlive() && !queue.closed();
  }

  /** Why the worker stopped on its own (a fenced producer, a broken client), if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(pollLoop.failure());
  }

  /** Jobs waiting in the local queue (for tests). */
  int waitingJobs() {
    return queue.waitingCount();
  }

  /** Whether the worker has read a terminal result of the request (for tests). */
  boolean knowsDecided(String requestId) {
    return decided.contains(requestId);
  }

  /**
   * Stops the worker: takes no more jobs, lets running ones finish until {@code deadline},
   * publishes what finished, cancels the rest (not committed, so the group redelivers them), closes
   * the clients and leaves the group. Waits for all of it; a second call returns at once.
   *
   * @param deadline how long running jobs may still take
   */
  public void close(Duration deadline) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pollLoop.requestClose(Instant.now().plus(deadline));
    join(pollThread, deadline.plus(STOP_GRACE));
    follower.stop();
    join(followerThread, STOP_GRACE);
    for (Thread thread : computeThreads) {
      // Cancelled jobs stop at their executor's next step.
      join(thread, STOP_GRACE);
    }
    progress.close();
    consumerMetrics.close();
    LOG.info("edit worker {} closed", settings.workerId());
  }

  /** {@link #close(Duration)} with the settings' close timeout. */
  @Override
  public void close() {
    close(settings.closeTimeout());
  }

  private static void join(Thread thread, Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("{} did not stop within {}", thread.getName(), timeout);
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private static ProgressPublisher progressPublisher(WorkerSettings settings, Clock clock) {
    Serializer<EditProgress> values =
        Topics.EDIT_PROGRESS.valueSerde(settings.registryConfig()).serializer();
    return new ProgressPublisher(
        new KafkaProducer<>(
            ClientConfigs.progressProducer(settings), new StringSerializer(), values),
        clock);
  }

  private static OutcomePublisher outcomePublisher(WorkerSettings settings) {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(settings.registryConfig(), false);
    return new OutcomePublisher(
        new KafkaProducer<>(
            ClientConfigs.outcomeProducer(settings), new StringSerializer(), values));
  }

  private static <T extends AutoCloseable> T open(Deque<AutoCloseable> opened, T client) {
    opened.push(client);
    return client;
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        LOG.warn("closing after a failed start: {}", e.toString());
      }
    }
  }
}

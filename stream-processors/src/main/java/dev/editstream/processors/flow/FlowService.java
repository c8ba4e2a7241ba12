package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs dispatch and the results stage ({@link FlowTopology}) as one Kafka Streams application with
 * exactly-once processing.
 *
 * <p>A record that cannot be deserialised goes to {@code edit-dlq} (Kafka Streams' dead-letter
 * support) and processing continues; so does an unexpected failure while processing one record.
 */
public final class FlowService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final LongAdder droppedOutcomes;
  private final CountDownLatch running = new CountDownLatch(1);

  private FlowService(KafkaStreams streams, LongAdder droppedOutcomes) {
    this.streams = streams;
    this.droppedOutcomes = droppedOutcomes;
  }

  /**
   * Starts the application; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param settings where to connect, keep state, and how to keep time
   * @param jobs makes each accepted request's job
   * @return the started service
   */
  public static FlowService start(FlowSettings settings, JobFactory jobs) {
    LongAdder dropped = new LongAdder();
    KafkaStreams streams =
        new KafkaStreams(
            FlowTopology.build(
                settings.registryConfig(),
                jobs,
                settings.deadlineCheckInterval(),
                settings.retention(),
                dropped),
            streamsConfig(settings));
    FlowService service = new FlowService(streams, dropped);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Flow {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            service.running.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("Flow stream thread failed; stopping dispatch and results", e);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
    return service;
  }

  /** Returns the Kafka Streams properties the application runs with. */
  static Properties streamsConfig(FlowSettings settings) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.EDIT_DLQ.name());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }

  /**
   * Waits until the application has joined its group and processes records.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns whether the application is running or rebalancing (healthy), not stopped or failed. */
  public boolean isHealthy() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** Returns the Kafka Streams state, for status output. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Returns how many worker outcomes this instance dropped since it started (repeats, and outcomes
   * for requests already ended or never dispatched). An operator's tally: a task whose transaction
   * aborts counts its records again when it reprocesses them; each request's exact count is in its
   * state.
   */
  public long droppedOutcomes() {
    return droppedOutcomes.sum();
  }

  /**
   * Stops the application, committing what it has processed, and leaves the consumer group, so a
   * restarted instance gets its partitions without waiting a session timeout.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    LOG.info("Flow stopped");
  }
}

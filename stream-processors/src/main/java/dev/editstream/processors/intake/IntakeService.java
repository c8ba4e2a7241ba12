package dev.editstream.processors.intake;

import dev.editstream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the intake topology as a Kafka Streams application with exactly-once processing.
 *
 * <p>Records that cannot be deserialised go to {@code edit-dlq} through Kafka Streams' dead-letter
 * support ({@link DeadLetterAndContinueHandler}); an unexpected failure while processing one record
 * also dead-letters that record and continues, so one bad record cannot stop intake.
 */
public final class IntakeService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);

  private IntakeService(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * Starts intake; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param settings where to connect and keep state
   * @param validator decides each request
   * @return the started service
   */
  public static IntakeService start(IntakeSettings settings, RequestValidator validator) {
    KafkaStreams streams =
        new KafkaStreams(
            IntakeTopology.build(
                settings.registryConfig(), validator, settings.dedupRetention(), Clock.systemUTC()),
            streamsConfig(settings));
    IntakeService service = new IntakeService(streams);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Intake {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            service.running.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("Intake stream thread failed; stopping intake", e);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
    return service;
  }

  /** Returns the Kafka Streams properties intake runs with. */
  static Properties streamsConfig(IntakeSettings settings) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.EDIT_DLQ.name());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterAndContinueHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }

  /**
   * Waits until intake has joined its group and processes records.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns whether intake is running or rebalancing (healthy), not stopped or failed. */
  public boolean isHealthy() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** Returns the Kafka Streams state, for status output. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops intake, committing what it has processed, and leaves the consumer group. Kafka Streams
   * stays in the group by default, and a restarted instance would then wait a session timeout (45
   * s) for its own ghost to be evicted before it gets its partitions.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    LOG.info("Intake stopped");
  }
}

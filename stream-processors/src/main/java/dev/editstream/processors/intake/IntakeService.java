package dev.editstream.processors.intake;

import dev.editstream.processors.streams.StreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the intake topology as a Kafka Streams application with exactly-once processing.
 *
 * <p>Records that cannot be deserialised go to {@code edit-dlq} through Kafka Streams' dead-letter
 * support ({@link DeadLetterAndContinueHandler}); an unexpected failure while processing one record
 * also dead-letters that record and continues, so one bad record cannot stop intake.
 */
public final class IntakeService implements AutoCloseable, MeterBinder {

  private final StreamsApp app;

  private IntakeService(StreamsApp app) {
    this.app = app;
  }

  /**
   * Starts intake; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param settings where to connect and keep state
   * @param validator decides each request
   * @return the started service
   */
  public static IntakeService start(IntakeSettings settings, RequestValidator validator) {
    return new IntakeService(
        StreamsApp.start(
            "Intake",
            IntakeTopology.build(
                settings.registryConfig(), validator, settings.dedupRetention(), Clock.systemUTC()),
            streamsConfig(settings)));
  }

  /** Returns the Kafka Streams properties intake runs with. */
  static Properties streamsConfig(IntakeSettings settings) {
    return StreamsApp.exactlyOnce(
        settings.applicationId(),
        settings.bootstrapServers(),
        settings.stateDir(),
        settings.threads(),
        DeadLetterAndContinueHandler.class,
        settings.commitInterval());
  }

  /**
   * Waits until intake has joined its group and processes records.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return app.awaitRunning(timeout);
  }

  /** Returns whether intake is running or rebalancing (healthy), not stopped or failed. */
  public boolean isHealthy() {
    return app.isHealthy();
  }

  /** Returns the Kafka Streams state, for status output. */
  public KafkaStreams.State state() {
    return app.state();
  }

  /** Shows intake's Kafka Streams metrics (consumer lag among them) in a registry. */
  @Override
  public void bindTo(MeterRegistry registry) {
    app.bindTo(registry);
  }

  /**
   * Stops intake, committing what it has processed, and leaves the consumer group (see {@link
   * StreamsApp#close()}).
   */
  @Override
  public void close() {
    app.close();
  }
}

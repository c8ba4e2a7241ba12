package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.streams.StreamsApp;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Runs dispatch and the results stage ({@link FlowTopology}) as one Kafka Streams application with
 * exactly-once processing.
 *
 * <p>A record that cannot be deserialised goes to {@code edit-dlq} (Kafka Streams' dead-letter
 * support) and processing continues; so does an unexpected failure while processing one record.
 */
public final class FlowService implements AutoCloseable {

  private final StreamsApp app;
  private final LongAdder droppedOutcomes;

  private FlowService(StreamsApp app, LongAdder droppedOutcomes) {
    this.app = app;
    this.droppedOutcomes = droppedOutcomes;
  }

  /**
   * Starts the application; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param settings where to connect, keep state, and how to keep time
   * @param jobs makes each accepted request's job
   */
  public static FlowService start(FlowSettings settings, JobFactory jobs) {
    LongAdder dropped = new LongAdder();
    return new FlowService(
        StreamsApp.start(
            "Flow",
            FlowTopology.build(
                settings.registryConfig(),
                jobs,
                settings.deadlineCheckInterval(),
                settings.retention(),
                dropped),
            streamsConfig(settings)),
        dropped);
  }

  /** Returns the Kafka Streams properties the application runs with. */
  static Properties streamsConfig(FlowSettings settings) {
    return StreamsApp.exactlyOnce(
        settings.applicationId(),
        settings.bootstrapServers(),
        settings.stateDir(),
        settings.threads(),
        LogAndContinueExceptionHandler.class);
  }

  /**
   * Waits until the application has joined its group and processes records.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return app.awaitRunning(timeout);
  }

  /** Returns whether the application is running or rebalancing (healthy), not stopped or failed. */
  public boolean isHealthy() {
    return app.isHealthy();
  }

  /** Returns the Kafka Streams state, for status output. */
  public KafkaStreams.State state() {
    return app.state();
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
    app.close();
  }
}

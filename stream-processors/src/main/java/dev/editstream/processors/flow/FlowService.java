package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.resolution.TableViews;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.processors.streams.StreamsApp;
import dev.editstream.schemas.avro.RequestState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs dispatch and the results stage ({@link FlowTopology}) as one Kafka Streams application with
 * exactly-once processing, beside the {@link TableViews} dispatch answers cache hits from.
 *
 * <p>A record that cannot be deserialised goes to {@code edit-dlq} (Kafka Streams' dead-letter
 * support) and processing continues; so does an unexpected failure while processing one record.
 */
public final class FlowService implements AutoCloseable, MeterBinder {

  private final TableViews views;
  private final StreamsApp app;
  private final FlowCounters counters;

  private FlowService(TableViews views, StreamsApp app, FlowCounters counters) {
    this.views = views;
    this.app = app;
    this.counters = counters;
  }

  /**
   * Starts the application; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param settings where to connect, keep state, and how to keep time
   * @param jobs makes each accepted request's job
   */
  public static FlowService start(FlowSettings settings, JobFactory jobs) {
    FlowCounters counters = new FlowCounters();
    TableViews views =
        TableViews.start(
            settings.applicationId() + "-views",
            settings.bootstrapServers(),
            settings.stateDir(),
            settings.registryConfig(),
            settings.commitInterval());
    try {
      return new FlowService(
          views,
          StreamsApp.start(
              "Flow",
              FlowTopology.build(
                  settings.registryConfig(),
                  jobs,
                  views,
                  settings.deadlineCheckInterval(),
                  settings.retention(),
                  counters),
              streamsConfig(settings)),
          counters);
    } catch (RuntimeException e) {
      views.close();
      throw e;
    }
  }

  /** Returns the Kafka Streams properties the application runs with. */
  static Properties streamsConfig(FlowSettings settings) {
    return StreamsApp.exactlyOnce(
        settings.applicationId(),
        settings.bootstrapServers(),
        settings.stateDir(),
        settings.threads(),
        LogAndContinueExceptionHandler.class,
        settings.commitInterval());
  }

  /**
   * Waits until the application has joined its group and processes records.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return views.awaitRunning(timeout)
        && app.awaitRunning(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /**
   * Returns whether the application (and its table views) is running or rebalancing (healthy), not
   * stopped or failed.
   */
  public boolean isHealthy() {
    return app.isHealthy() && views.isHealthy();
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
    return counters.droppedOutcomes();
  }

  /** What this instance counted: dropped outcomes and each resolution stage's hits and misses. */
  public FlowCounters counters() {
    return counters;
  }

  /**
   * Shows this instance's counts ({@link FlowMeters}: each resolution stage's hits, misses and
   * parked requests, dropped outcomes) and the Kafka Streams metrics of the flow and its table
   * views (consumer lag among them) in a registry.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    new FlowMeters(counters).bindTo(registry);
    app.bindTo(registry);
    views.bindTo(registry);
  }

  /**
   * A request's state as this instance's {@code request-states} store holds it (Kafka Streams
   * interactive queries): where it is (resolving what, dispatched with what progress, ended with
   * which result). The store is partitioned like the requests: an instance answers for the
   * partitions it owns, which on a single-machine deployment is all of them.
   *
   * @param requestId the request
   * @return its state, or empty when this instance holds none (unknown, purged, or another
   *     instance's partition)
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is not
   *     queryable (the application is starting or rebalancing); retry
   */
  public Optional<RequestState> status(String requestId) {
    ReadOnlyKeyValueStore<String, RequestState> store =
        app.store(RequestStates.STORE, QueryableStoreTypes.keyValueStore());
    return Optional.ofNullable(store.get(requestId));
  }

  /**
   * Stops the application, committing what it has processed, and leaves the consumer group, so a
   * restarted instance gets its partitions without waiting a session timeout.
   */
  @Override
  public void close() {
    try {
      app.close();
    } finally {
      views.close();
    }
  }
}

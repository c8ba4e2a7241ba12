package dev.editstream.processors.resolution;

import dev.editstream.processors.streams.StreamsApp;
import dev.editstream.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@link TableView} of every stage's table, as a Kafka Streams application of global stores
 * only, beside the flow in the same process. It is an application of its own because a topic read
 * by a global store cannot also be a source of the same topology, and each stage reads its table as
 * a source, co-partitioned with its asks, which is what makes its own decisions exact. Global
 * stores read committed records only, so the view never holds an aborted one.
 */
public final class TableViews implements TableView, AutoCloseable, MeterBinder {

  private final StreamsApp app;

  private TableViews(StreamsApp app) {
    this.app = app;
  }

  /**
   * Starts the views; returns at once. Use {@link #awaitRunning} to wait until they are readable.
   *
   * @param applicationId the application id (it names the state directory; the views join no
   *     consumer group)
   * @param bootstrapServers Kafka
   * @param stateDir where the stores live
   * @param registryConfig serde configuration
   * @param commitInterval how often the application commits (see {@link StreamsApp#exactlyOnce})
   */
  public static TableViews start(
      String applicationId,
      String bootstrapServers,
      Path stateDir,
      Map<String, ?> registryConfig,
      Duration commitInterval) {
    Properties config =
        StreamsApp.exactlyOnce(
            applicationId,
            bootstrapServers,
            stateDir,
            1,
            LogAndContinueExceptionHandler.class,
            commitInterval);
    return new TableViews(StreamsApp.start("Table views", topology(registryConfig), config));
  }

  /**
   * The views' topology: one global store per stage, named {@link ResolutionStage#viewStore()}.
   *
   * @param registryConfig serde configuration
   */
  public static Topology topology(Map<String, ?> registryConfig) {
    Topology topology = new Topology();
    for (ResolutionStage<?> stage : ResolutionStage.all()) {
      addView(topology, stage, registryConfig);
    }
    return topology;
  }

  private static <R extends SpecificRecord> void addView(
      Topology topology, ResolutionStage<R> stage, Map<String, ?> registryConfig) {
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stage.viewStore()),
                Serdes.String(),
                AvroSerdes.specific(stage.recordType(), registryConfig, false))
            .withLoggingDisabled(),
        stage.viewStore() + "-source",
        stage.table().keySerde(registryConfig).deserializer(),
        stage.table().valueSerde(registryConfig).deserializer(),
        stage.table().name(),
        stage.viewStore() + "-processor",
        () -> new ViewProcessor<>(stage));
  }

  @Override
  public <R extends SpecificRecord> Optional<R> usable(ResolutionStage<R> stage, String key) {
    try {
      ReadOnlyKeyValueStore<String, R> view =
          app.store(stage.viewStore(), QueryableStoreTypes.keyValueStore());
      return Optional.ofNullable(view.get(key));
    } catch (InvalidStateStoreException e) {
      // not readable (starting, or stopped): the stage answers instead
      return Optional.empty();
    }
  }

  /**
   * Waits until the views have read their tables to the end and answer.
   *
   * @param timeout how long to wait
   * @return true when running, false when the timeout passed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return app.awaitRunning(timeout);
  }

  /** Whether the views are running (not stopped or failed). */
  public boolean isHealthy() {
    return app.isHealthy();
  }

  /** Shows the views' Kafka Streams metrics in a registry. */
  @Override
  public void bindTo(MeterRegistry registry) {
    app.bindTo(registry);
  }

  @Override
  public void close() {
    app.close();
  }
}

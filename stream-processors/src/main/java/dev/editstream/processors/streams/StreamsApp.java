package dev.editstream.processors.streams;

import dev.editstream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Kafka Streams application of the processors (intake; dispatch and results). A stream
 * thread that fails stops the application, and {@link #isHealthy()} says so; {@link #close()}
 * leaves the consumer group, because Kafka Streams stays in it by default and a restarted instance
 * would then wait a session timeout (45 s) for its own ghost to be evicted. Bound to a meter
 * registry ({@link #bindTo}), it shows Kafka Streams' metrics there, its clients' among them
 * (consumer lag).
 */
public final class StreamsApp implements AutoCloseable, MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private KafkaStreamsMetrics meters;

  private StreamsApp(String name, KafkaStreams streams) {
    this.name = name;
    this.streams = streams;
  }

  /**
   * Starts an application; returns at once. Use {@link #awaitRunning} to wait until it processes.
   *
   * @param name what operators call it in the log, e.g. "Intake"
   * @param topology what it runs
   * @param config its properties (see {@link #exactlyOnce})
   */
  public static StreamsApp start(String name, Topology topology, Properties config) {
    StreamsApp app = new StreamsApp(name, new KafkaStreams(topology, config));
    app.streams.setStateListener(
        (now, before) -> {
          LOG.info("{} {} -> {}", name, before, now);
          if (now == KafkaStreams.State.RUNNING) {
            app.running.countDown();
          }
        });
    app.streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("{} stream thread failed; stopping {}", name, name, e);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    app.streams.start();
    return app;
  }

  /**
   * The properties every processor application runs with: exactly-once processing, the dead-letter
   * topic {@code edit-dlq}, and a processing failure of one record logged and skipped.
   *
   * @param applicationId the application id (consumer group, internal topics)
   * @param bootstrapServers Kafka
   * @param stateDir where state stores live
   * @param threads stream threads
   * @param deserializationHandler what happens to a record that cannot be deserialised
   * @param commitInterval how often a stream thread commits what it processed: each commit is a
   *     transaction, and a record's output is visible downstream only once committed, so this
   *     bounds the latency every hop adds (Kafka Streams' default for exactly-once is 100 ms)
   */
  public static Properties exactlyOnce(
      String applicationId,
      String bootstrapServers,
      Path stateDir,
      int threads,
      Class<?> deserializationHandler,
      Duration commitInterval) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // A thread that processed a record waits in poll for up to poll.ms before it may commit, and
    // downstream sees nothing until the commit: keep the wait no longer than the interval.
    p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, commitInterval.toMillis())));
    // Process a task's records as they arrive: nothing here joins streams by timestamp, and by
    // default a task with several inputs first waits for a fetch from every one of them.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.EDIT_DLQ.name());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        deserializationHandler.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }

  /**
   * How often to purge entries kept for a retention: often enough that one outlives its retention
   * by at most a tenth, at most hourly.
   */
  public static Duration purgeInterval(Duration retention) {
    Duration tenth = retention.dividedBy(10);
    return tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
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

  /** Whether the application is running or rebalancing (healthy), not stopped or failed. */
  public boolean isHealthy() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** The Kafka Streams state, for status output. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * A local state store, for interactive queries.
   *
   * @param name the store's name
   * @param type its queryable type
   * @param <T> the store's read-only view
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while it is not queryable
   */
  public <T> T store(String name, QueryableStoreType<T> type) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, type));
  }

  /**
   * Shows the application's Kafka Streams metrics (its threads', tasks', stores' and clients', the
   * consumers' {@code records-lag-max} among them) in a registry until it is closed. Kafka names
   * them {@code kafka_<group>_<name>} in Prometheus, tagged with their client and thread ids.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (meters != null) {
      throw new IllegalStateException(name + " is bound to a registry already");
    }
    meters = new KafkaStreamsMetrics(streams);
    meters.bindTo(registry);
  }

  /** Stops the application, committing what it has processed, and leaves the consumer group. */
  @Override
  public void close() {
    synchronized (this) {
      if (meters != null) {
        meters.close();
      }
    }
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    LOG.info("{} stopped", name);
  }
}

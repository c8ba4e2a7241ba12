package dev.editstream.processors.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the flow application (dispatch and the results stage) connects, keeps state and keeps time.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir Kafka Streams state directory
 * @param threads stream threads
 * @param deadlineCheckInterval how often dispatched requests are checked for passed deadlines: a
 *     request ends EXPIRED at most this long after its deadline
 * @param retention how long ended and cancel-first request states are kept
 * @param commitInterval how often a stream thread commits: each commit is a transaction, and what a
 *     hop produced is visible downstream only once committed, so it bounds the latency each hop
 *     adds (dispatch to a stage and back, results)
 */
public record FlowSettings(
    String bootstrapServers,
    Map<String, ?> registryConfig,
    String applicationId,
    Path stateDir,
    int threads,
    Duration deadlineCheckInterval,
    Duration retention,
    Duration commitInterval) {

  /** The application id the launcher uses. */
  public static final String DEFAULT_APPLICATION_ID = "editstream-flow";

  /** The default deadline check interval. */
  public static final Duration DEFAULT_DEADLINE_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** The default commit interval of the stream threads (see {@link #commitInterval()}). */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(10);

  /** The default retention of ended request states. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** Checks the settings are complete. */
  public FlowSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    registryConfig = Map.copyOf(registryConfig);
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    requirePositive(deadlineCheckInterval, "deadlineCheckInterval");
    requirePositive(retention, "retention");
    requirePositive(commitInterval, "commitInterval");
  }

  /**
   * Settings with the default application id, one thread, and the default interval and retention.
   *
   * @param bootstrapServers Kafka bootstrap servers
   * @param registryConfig serde configuration
   * @param stateDir Kafka Streams state directory
   * @return the settings
   */
  public static FlowSettings defaults(
      String bootstrapServers, Map<String, ?> registryConfig, Path stateDir) {
    return new FlowSettings(
        bootstrapServers,
        registryConfig,
        DEFAULT_APPLICATION_ID,
        stateDir,
        1,
        DEFAULT_DEADLINE_CHECK_INTERVAL,
        DEFAULT_RETENTION,
        DEFAULT_COMMIT_INTERVAL);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}

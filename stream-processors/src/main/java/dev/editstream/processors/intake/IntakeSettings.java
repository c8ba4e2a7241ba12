package dev.editstream.processors.intake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How intake connects and keeps state.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir Kafka Streams state directory
 * @param threads stream threads
 * @param dedupRetention how long request ids are remembered
 * @param commitInterval how often a stream thread commits (each commit is a transaction; it bounds
 *     the latency intake adds)
 */
public record IntakeSettings(
    String bootstrapServers,
    Map<String, ?> registryConfig,
    String applicationId,
    Path stateDir,
    int threads,
    Duration dedupRetention,
    Duration commitInterval) {

  /** Checks the settings are complete. */
  public IntakeSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    registryConfig = Map.copyOf(registryConfig);
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(dedupRetention, "dedupRetention");
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
  }
}

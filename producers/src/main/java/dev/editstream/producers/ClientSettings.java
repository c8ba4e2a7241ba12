package dev.editstream.producers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client reaches EditStream.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl schema registry URL ({@code http://...}, or {@code mock://scope} in tests)
 * @param blobRoot root of the file blob store for images too large to travel inline, or null
 */
public record ClientSettings(String bootstrapServers, String registryUrl, Path blobRoot) {

  /** Images up to this size travel inline in the request; larger ones go to the blob store. */
  public static final int INLINE_IMAGE_LIMIT = 512 * 1024;

  /** Checks the addresses are present. */
  public ClientSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
  }

  /** Returns the blob store root, if one is configured. */
  public Optional<Path> blobStoreRoot() {
    return Optional.ofNullable(blobRoot);
  }

  /** Returns the serde configuration for the topic catalogue's Avro serdes. */
  public Map<String, Object> registryConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", registryUrl);
    return config;
  }
}

package dev.editstream.producers;

import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.FileBlobStore;
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
 * @param blobs the blob store for images too large to travel inline (the deployment's: a file or S3
 *     store), or null for none
 */
public record ClientSettings(String bootstrapServers, String registryUrl, BlobStore blobs) {

  /** Images up to this size travel inline in the request; larger ones go to the blob store. */
  public static final int INLINE_IMAGE_LIMIT = 512 * 1024;

  /** Checks the addresses are present. */
  public ClientSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
  }

  /**
   * Settings with a file blob store.
   *
   * @param blobRoot root of the file blob store, or null for none
   */
  public ClientSettings(String bootstrapServers, String registryUrl, Path blobRoot) {
    this(bootstrapServers, registryUrl, blobRoot == null ? null : new FileBlobStore(blobRoot));
  }

  /** Returns the blob store, if one is configured. */
  public Optional<BlobStore> blobStore() {
    return Optional.ofNullable(blobs);
  }

  /** Returns the serde configuration for the topic catalogue's Avro serdes. */
  public Map<String, Object> registryConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", registryUrl);
    return config;
  }
}

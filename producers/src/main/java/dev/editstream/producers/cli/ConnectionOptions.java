package dev.editstream.producers.cli;

import dev.editstream.producers.ClientSettings;
import dev.editstream.schemas.blob.BlobStore;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: where Kafka, the registry and the blob store are. The
 * launcher supplies defaults from its configuration; standalone, the {@code EDITSTREAM_...}
 * environment variables or the local defaults apply.
 *
 * <p>On its own the blob store is a file store at {@code --blob-root}. The launcher, whose
 * configuration may choose S3, builds these options with its configured store instead ({@link
 * #ConnectionOptions(Supplier)}); {@code --blob-root} then names the file root only when the store
 * is a file store.
 */
public final class ConnectionOptions {

  /** Option name of the Kafka address, for default-value providers. */
  public static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";

  /** Option name of the registry URL, for default-value providers. */
  public static final String REGISTRY_URL = "--registry-url";

  /** Option name of the blob store root, for default-value providers. */
  public static final String BLOB_ROOT = "--blob-root";

  @Option(
      names = BOOTSTRAP_SERVERS,
      paramLabel = "HOST:PORT",
      defaultValue = "${env:EDITSTREAM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = REGISTRY_URL,
      paramLabel = "URL",
      defaultValue = "${env:EDITSTREAM_REGISTRY_URL:-http://127.0.0.1:8081}",
      description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(
      names = BLOB_ROOT,
      paramLabel = "DIR",
      defaultValue = "${env:EDITSTREAM_BLOB_ROOT:-.editstream/blobs}",
      description =
          "File blob store root, for images larger than 512 KiB (default: ${DEFAULT-VALUE}).")
  Path blobRoot;

  private final Supplier<BlobStore> configuredStore;

  /** Options whose blob store is the file store at {@code --blob-root}. */
  public ConnectionOptions() {
    this(null);
  }

  /**
   * Options whose blob store is a deployment's configured one (opened when first needed).
   *
   * @param configuredStore the store, or null for the file store at {@code --blob-root}
   */
  public ConnectionOptions(Supplier<BlobStore> configuredStore) {
    this.configuredStore = configuredStore;
  }

  /** Returns the settings these options describe. */
  public ClientSettings settings() {
    return configuredStore == null
        ? new ClientSettings(bootstrapServers, registryUrl, blobRoot)
        : new ClientSettings(bootstrapServers, registryUrl, configuredStore.get());
  }
}

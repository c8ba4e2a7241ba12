package dev.editstream.producers.cli;

import dev.editstream.producers.ClientSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: where Kafka, the registry and the blob store are. The
 * launcher supplies defaults from its configuration; standalone, the {@code EDITSTREAM_...}
 * environment variables or the local defaults apply.
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

  /** Returns the settings these options describe. */
  public ClientSettings settings() {
    return new ClientSettings(bootstrapServers, registryUrl, blobRoot);
  }
}

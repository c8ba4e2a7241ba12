package dev.editstream.schemas.testing;

import dev.editstream.schemas.registry.server.EmbeddedSchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running one {@link KraftCluster} (and optionally an {@link
 * EmbeddedSchemaRegistry} on it) for all tests of a class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry();
 *
 * @Test
 * void works() {
 *   props.put("bootstrap.servers", KAFKA.bootstrapServers());
 *   Serde<EditRequest> serde = Topics.EDIT_REQUESTS.valueSerde(KAFKA.serdeConfig());
 * }
 * }</pre>
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

  private final boolean registry;
  private KraftCluster cluster;
  private EmbeddedSchemaRegistry schemaRegistry;

  private KafkaClusterExtension(boolean registry) {
    this.registry = registry;
  }

  /** A cluster only. */
  public static KafkaClusterExtension create() {
    return new KafkaClusterExtension(false);
  }

  /** A cluster and a schema registry storing its schemas on it. */
  public static KafkaClusterExtension withRegistry() {
    return new KafkaClusterExtension(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = KraftCluster.start();
    if (registry) {
      schemaRegistry =
          EmbeddedSchemaRegistry.builder().bootstrapServers(cluster.bootstrapServers()).build();
      schemaRegistry.start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (schemaRegistry != null) {
      schemaRegistry.close();
      schemaRegistry = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** The running cluster. */
  public KraftCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("cluster not started: register the extension as static");
    }
    return cluster;
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return cluster().bootstrapServers();
  }

  /** The registry's base URL; only with {@link #withRegistry()}. */
  public String registryUrl() {
    if (schemaRegistry == null) {
      throw new IllegalStateException("no registry: use KafkaClusterExtension.withRegistry()");
    }
    return schemaRegistry.url();
  }

  /** Serde configuration pointing at the registry ({@code schema.registry.url}). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", registryUrl());
    return config;
  }
}

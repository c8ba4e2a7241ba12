package dev.editstream.schemas.testing;

import dev.editstream.schemas.registry.server.EmbeddedSchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running one {@link KraftCluster} (and optionally an {@link
 * EmbeddedSchemaRegistry} on it) for all tests of a class, or, with {@link #shared()}, one cluster
 * for every test class of the JVM that asks for the shared one (it stops when the test run ends). A
 * shared cluster saves a broker start per class; its classes must not expect empty topics.
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

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaClusterExtension.class);

  private final boolean registry;
  private final boolean shared;
  private KraftCluster cluster;
  private EmbeddedSchemaRegistry schemaRegistry;

  private KafkaClusterExtension(boolean registry, boolean shared) {
    this.registry = registry;
    this.shared = shared;
  }

  /** A cluster only, for this class. */
  public static KafkaClusterExtension create() {
    return new KafkaClusterExtension(false, false);
  }

  /** A cluster and a schema registry storing its schemas on it, for this class. */
  public static KafkaClusterExtension withRegistry() {
    return new KafkaClusterExtension(true, false);
  }

  /** The same extension, but on the JVM-wide shared cluster (the registry stays per class). */
  public KafkaClusterExtension shared() {
    return new KafkaClusterExtension(registry, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster =
        shared
            ? context
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> KraftCluster.start(), KraftCluster.class)
            : KraftCluster.start();
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
    if (cluster != null && !shared) {
      cluster.close();
    }
    cluster = null;
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

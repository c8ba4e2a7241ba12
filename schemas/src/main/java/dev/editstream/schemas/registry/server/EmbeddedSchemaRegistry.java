package dev.editstream.schemas.registry.server;

import com.sun.net.httpserver.HttpServer;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible Schema Registry for single-machine mode and tests: the REST API subset
 * that serdes and tools use, with Confluent's paths, content type, status codes and error bodies,
 * storing schemas in the compacted single-partition {@code _schemas} topic. Several instances on
 * one Kafka cluster share ids, and a restarted instance keeps them.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry =
 *     EmbeddedSchemaRegistry.builder().bootstrapServers("127.0.0.1:9092").port(8081).build()) {
 *   registry.start();
 *   String url = registry.url(); // http://127.0.0.1:8081
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  private final Builder config;
  private SchemaLog log;
  private HttpServer server;
  private ExecutorService executor;

  private EmbeddedSchemaRegistry(Builder config) {
    this.config = config;
  }

  /** A builder; {@link Builder#bootstrapServers} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the store topic if needed, reads it to the end and starts answering HTTP.
   *
   * @throws IllegalStateException if Kafka cannot be reached or the topic is unusable
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized EmbeddedSchemaRegistry start() {
    if (server != null) {
      throw new IllegalStateException("registry already started");
    }
    log =
        new SchemaLog(
            config.bootstrapServers, config.topic, config.clientProperties, config.timeout);
    try {
      log.open(
          new NewTopic(config.topic, 1, config.replicationFactor).configs(Topics.SCHEMAS.config()));
      SchemaRegistryService service = new SchemaRegistryService(log, config.defaultCompatibility);
      service.catchUp();
      server = HttpServer.create(new InetSocketAddress(config.host, config.port), 0);
      AtomicInteger threads = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              config.threads,
              r -> {
                Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.createContext("/", new RegistryHttpHandler(service, config.userInfo));
      server.start();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(
          "cannot bind schema registry to " + config.host + ":" + config.port, e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info(
        "schema registry listening on {} (store topic {} on {})",
        url(),
        config.topic,
        config.bootstrapServers);
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8081}; only after {@link #start()}. */
  public String url() {
    return "http://" + config.host + ":" + port();
  }

  /** The bound port (the ephemeral one if 0 was asked for); only after {@link #start()}. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("registry not started");
    }
    return server.getAddress().getPort();
  }

  /** Stops answering and closes the Kafka clients. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    if (log != null) {
      log.close();
      log = null;
    }
  }

  /** Configuration of an {@link EmbeddedSchemaRegistry}. */
  public static final class Builder {

    private String bootstrapServers;
    private String host = "127.0.0.1";
    private int port;
    private String topic = Topics.SCHEMAS.name();
    private short replicationFactor = 1;
    private CompatibilityLevel defaultCompatibility = CompatibilityLevel.BACKWARD;
    private Optional<String> userInfo = Optional.empty();
    private Map<String, Object> clientProperties = new HashMap<>();
    private Duration timeout = Duration.ofSeconds(30);
    private int threads = 4;

    private Builder() {}

    /** Kafka bootstrap servers of the cluster holding the store topic (required). */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** Address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Store topic (default {@code _schemas}). */
    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** Replication factor when creating the store topic (default 1). */
    public Builder replicationFactor(short replicationFactor) {
      this.replicationFactor = replicationFactor;
      return this;
    }

    /** Global compatibility until one is set through the API (default BACKWARD). */
    public Builder defaultCompatibility(CompatibilityLevel level) {
      this.defaultCompatibility = Objects.requireNonNull(level, "level");
      return this;
    }

    /** Requires HTTP basic authentication with {@code user:password}. */
    public Builder basicAuth(String userInfo) {
      if (userInfo == null || !userInfo.contains(":")) {
        throw new IllegalArgumentException("basic auth must be user:password");
      }
      this.userInfo = Optional.of(userInfo);
      return this;
    }

    /** Extra Kafka client properties (security settings, ...). */
    public Builder clientProperties(Map<String, ?> properties) {
      this.clientProperties = new HashMap<>(properties);
      return this;
    }

    /** How long store reads and writes may take before a 50001 answer (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** HTTP worker threads (default 4). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1");
      }
      this.threads = threads;
      return this;
    }

    /** A registry with this configuration (not started). */
    public EmbeddedSchemaRegistry build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers is required");
      }
      return new EmbeddedSchemaRegistry(this);
    }
  }
}

package dev.editstream.deploy.stack;

import dev.editstream.deploy.broker.BrokerSettings;
import dev.editstream.deploy.broker.EmbeddedKafka;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.provision.ProvisioningReport;
import dev.editstream.deploy.provision.TopicProvisioner;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.BundleException;
import dev.editstream.processors.flow.FlowCounters;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.FileBlobStore;
import dev.editstream.schemas.registry.server.EmbeddedSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EditStream on one machine, in this JVM: a KRaft broker, topic provisioning, the schema registry,
 * the configured blob store (file or S3, {@link BlobStores}), intake, dispatch and the results
 * stage, the HTTP gateway, and (unless {@code editstream.worker.enabled} is false) an edit worker,
 * with one Prometheus endpoint for all of them ({@code editstream.metrics.port}). {@link #start}
 * returns once every part is healthy; {@link #close} stops them in reverse order.
 */
public final class SingleMachineStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SingleMachineStack.class);
  private static final Duration HEALTH_RETRY = Duration.ofMillis(200);

  private final Deque<Part> started = new ArrayDeque<>();
  private StackEndpoints endpoints;
  private ProvisioningReport provisioning;
  private MetricsEndpoint metrics;
  private EmbeddedKafka kafka;
  private Admin admin;
  private EmbeddedSchemaRegistry registry;
  private Processors processors;
  private EngineWorker worker;

  private SingleMachineStack() {}

  /** A started part and how to stop it, for shutdown in reverse order. */
  private record Part(String name, AutoCloseable stopper) {}

  /**
   * Starts every part and waits until all are healthy.
   *
   * @param config the checked configuration
   * @return the running stack
   * @throws StackStartException naming the part that failed; what had started is stopped again
   */
  public static SingleMachineStack start(EditStreamConfig config) {
    SingleMachineStack stack = new SingleMachineStack();
    try {
      stack.startParts(config);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e instanceof StackStartException s ? s : new StackStartException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stack.close();
      throw new StackStartException("interrupted while starting", e);
    }
  }

  private void startParts(EditStreamConfig config) throws InterruptedException {
    Path dataDir = config.dataDir();
    Duration timeout = config.get(EditStreamConfig.STARTUP_TIMEOUT);
    String host = config.get(EditStreamConfig.BIND_HOST);

    metrics = metricsEndpoint(host, config.get(EditStreamConfig.METRICS_PORT), "up");
    started.push(new Part("metrics endpoint", metrics));
    kafka =
        EmbeddedKafka.start(
            new BrokerSettings(
                dataDir.resolve("kafka"),
                host,
                config.get(EditStreamConfig.KAFKA_PORT),
                config.get(EditStreamConfig.KAFKA_CONTROLLER_PORT)));
    started.push(new Part("Kafka broker", kafka));
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()));
    started.push(new Part("admin client", admin));
    provisioning = new TopicProvisioner(admin, (short) 1).provision(Topics.all());

    registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .host(host)
            .port(config.get(EditStreamConfig.REGISTRY_PORT))
            .timeout(timeout)
            .build()
            .start();
    started.push(new Part("schema registry", registry));

    BlobStore blobs = BlobStores.open(config);
    if (blobs instanceof AutoCloseable closeable) {
      started.push(new Part("blob store", closeable));
    }
    Map<String, BundleDescriptor> bundles = bundles(config);
    Map<String, ?> registryConfig = Map.of("schema.registry.url", registry.url());

    if (config.get(EditStreamConfig.PROCESSORS_ENABLED)) {
      processors =
          Processors.start(
              config, kafka.bootstrapServers(), registryConfig, blobs, bundles, metrics.registry());
      started.push(new Part("processors", processors));
    }
    if (config.get(EditStreamConfig.WORKER_ENABLED)) {
      worker =
          EngineWorker.start(
              config, kafka.bootstrapServers(), registryConfig, blobs, bundles, metrics.registry());
      started.push(new Part("edit worker", worker));
    }
    endpoints =
        new StackEndpoints(
            kafka.bootstrapServers(),
            registry.url(),
            blobs instanceof FileBlobStore file ? file.directory() : null,
            dataDir,
            processors == null ? "" : processors.gatewayUrl(),
            metrics.url(),
            blobs);
    awaitHealthy(timeout);
  }

  /**
   * Starts a process's Prometheus endpoint.
   *
   * @param host the address to bind
   * @param port its port (0: any free one)
   * @param process what the process is, for the log
   * @throws StackStartException when the port cannot be bound
   */
  public static MetricsEndpoint metricsEndpoint(String host, int port, String process) {
    try {
      return MetricsEndpoint.start(host, port, process);
    } catch (java.io.IOException e) {
      throw new StackStartException(
          "the metrics endpoint cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Asks every part until all answer, so "up" is only reported once it is true. */
  private void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> down = unhealthyParts();
    while (!down.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new StackStartException("not healthy within " + timeout + ": " + down, null);
      }
      Thread.sleep(HEALTH_RETRY.toMillis());
      down = unhealthyParts();
    }
    LOG.info(
        "All parts healthy: Kafka {}, registry {}, processors {}",
        endpoints.bootstrapServers(),
        endpoints.registryUrl(),
        processors == null ? "not in this process" : "running");
  }

  /**
   * Reads every deployed bundle's manifest, tokenizer and editing defaults (no TensorFlow), so a
   * missing or malformed bundle stops the start with its name.
   */
  public static Map<String, BundleDescriptor> bundles(EditStreamConfig config) {
    Map<String, BundleDescriptor> out = new LinkedHashMap<>();
    Path dir = config.get(EditStreamConfig.BUNDLES_DIR).toAbsolutePath().normalize();
    for (String name : config.get(EditStreamConfig.INTAKE_BUNDLES)) {
      try {
        out.put(name, BundleDescriptor.load(dir.resolve(name)));
      } catch (BundleException e) {
        throw new StackStartException(
            "model bundle '" + name + "' under " + dir + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Whether an edit worker runs in this stack. */
  public boolean runsWorker() {
    return worker != null;
  }

  /**
   * Returns the flow's counters (each resolution stage's hits, misses, parked requests), for
   * operators and tests; only after a successful start.
   */
  public FlowCounters flowCounters() {
    return processors.counters();
  }

  /** Whether the stream processors run in this stack. */
  public boolean runsProcessors() {
    return processors != null;
  }

  /** Returns the worker of this stack, when it runs one. */
  public Optional<EngineWorker> worker() {
    return Optional.ofNullable(worker);
  }

  /** Returns where the stack listens; only after a successful start. */
  public StackEndpoints endpoints() {
    return endpoints;
  }

  /** Returns what topic provisioning did and found. */
  public ProvisioningReport provisioning() {
    return provisioning;
  }

  /**
   * Checks every part: the broker answers, the registry answers HTTP, intake runs.
   *
   * @return the parts that are not healthy, empty when all are
   */
  public List<String> unhealthyParts() {
    List<String> down = new ArrayList<>();
    try {
      admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      down.add("Kafka broker (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      down.add("Kafka broker (interrupted)");
    }
    if (!Health.httpOk(registry.url() + "/subjects")) {
      down.add("schema registry");
    }
    if (processors != null) {
      down.addAll(processors.unhealthyParts());
    }
    if (worker != null && !worker.isHealthy()) {
      down.add("edit worker");
    }
    return down;
  }

  /** Stops every started part, last started first. Safe to call more than once. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      Part part = started.pop();
      try {
        part.stopper().close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", part.name(), e.toString());
      }
    }
  }
}

package dev.editstream.deploy.stack;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditRules;
import dev.editstream.gateway.Gateway;
import dev.editstream.gateway.GatewaySettings;
import dev.editstream.gateway.GatewayStartException;
import dev.editstream.gateway.KafkaBackend;
import dev.editstream.gateway.StatusUnavailableException;
import dev.editstream.processors.dispatch.PlannedJobFactory;
import dev.editstream.processors.flow.FlowCounters;
import dev.editstream.processors.flow.FlowService;
import dev.editstream.processors.flow.FlowSettings;
import dev.editstream.processors.intake.IntakeLimits;
import dev.editstream.processors.intake.IntakeService;
import dev.editstream.processors.intake.IntakeSettings;
import dev.editstream.processors.intake.RequestValidator;
import dev.editstream.producers.ClientSettings;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.blob.BlobRefPolicy;
import dev.editstream.schemas.blob.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processors of one instance: intake, the flow (dispatch, the resolution stages, the
 * results stage) and the HTTP gateway, which serves the status from the flow's store and so runs
 * where the store is. {@code up} runs them next to the broker; {@code editstream processors} runs
 * them alone against a running Kafka.
 */
public final class Processors implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Processors.class);

  private final IntakeService intake;
  private final FlowService flow;
  private final Gateway gateway;

  private Processors(IntakeService intake, FlowService flow, Gateway gateway) {
    this.intake = intake;
    this.flow = flow;
    this.gateway = gateway;
  }

  /**
   * Starts intake and the flow, waits until both process, then starts the HTTP gateway.
   *
   * @param config the checked configuration (application ids, limits, state directory, ports)
   * @param bootstrapServers Kafka
   * @param registryConfig serde configuration
   * @param blobs the configured blob store ({@link BlobStores}); intake follows client references
   *     under its root only
   * @param bundles the deployed bundles' descriptors
   * @param meters where intake and the flow record their meters once running (see {@code
   *     docs/metrics.md})
   * @throws StackStartException naming what did not start; what had started is stopped
   */
  public static Processors start(
      EditStreamConfig config,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      BlobStore blobs,
      Map<String, BundleDescriptor> bundles,
      MeterRegistry meters)
      throws InterruptedException {
    Duration timeout = config.get(EditStreamConfig.STARTUP_TIMEOUT);
    Path stateDir = config.dataDir().resolve("streams");
    Map<String, EditRules> rules = new HashMap<>();
    bundles.forEach((name, bundle) -> rules.put(name, new EditRules(bundle)));
    RequestValidator validator =
        new RequestValidator(
            intakeLimits(config), rules, BlobRefPolicy.allowing(blobs), blobs, Clock.systemUTC());
    IntakeService intake =
        IntakeService.start(
            new IntakeSettings(
                bootstrapServers,
                registryConfig,
                config.get(EditStreamConfig.INTAKE_APPLICATION_ID),
                stateDir,
                config.get(EditStreamConfig.INTAKE_THREADS),
                config.get(EditStreamConfig.INTAKE_DEDUP_RETENTION),
                config.get(EditStreamConfig.PROCESSORS_COMMIT_INTERVAL)),
            validator);
    FlowService flow = null;
    try {
      flow =
          FlowService.start(
              new FlowSettings(
                  bootstrapServers,
                  registryConfig,
                  config.get(EditStreamConfig.FLOW_APPLICATION_ID),
                  stateDir,
                  1,
                  config.get(EditStreamConfig.FLOW_DEADLINE_CHECK),
                  FlowSettings.DEFAULT_RETENTION,
                  config.get(EditStreamConfig.PROCESSORS_COMMIT_INTERVAL)),
              new PlannedJobFactory(bundles, blobs));
      if (!intake.awaitRunning(timeout)) {
        throw new StackStartException(
            "intake did not reach RUNNING within " + timeout + " (state " + intake.state() + ")",
            null);
      }
      if (!flow.awaitRunning(timeout)) {
        throw new StackStartException(
            "the flow did not reach RUNNING within " + timeout + " (state " + flow.state() + ")",
            null);
      }
      intake.bindTo(meters);
      flow.bindTo(meters);
      Gateway gateway = gateway(config, bootstrapServers, registryConfig, blobs, flow);
      LOG.info("Processors running: intake, flow, gateway at {}", gateway.url());
      return new Processors(intake, flow, gateway);
    } catch (RuntimeException | InterruptedException e) {
      if (flow != null) {
        flow.close();
      }
      intake.close();
      throw e;
    }
  }

  private static Gateway gateway(
      EditStreamConfig config,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      BlobStore blobs,
      FlowService flow) {
    GatewaySettings settings =
        new GatewaySettings(
            config.get(EditStreamConfig.GATEWAY_HOST),
            config.get(EditStreamConfig.GATEWAY_PORT),
            config.get(EditStreamConfig.GATEWAY_TOKEN),
            config.get(EditStreamConfig.GATEWAY_MAX_BODY_BYTES),
            config.get(EditStreamConfig.GATEWAY_IDEMPOTENCY_RETENTION));
    ClientSettings client =
        new ClientSettings(
            bootstrapServers, String.valueOf(registryConfig.get("schema.registry.url")), blobs);
    try {
      return Gateway.start(settings, KafkaBackend.connect(client, id -> status(flow, id), blobs));
    } catch (GatewayStartException e) {
      throw new StackStartException(e.getMessage(), e);
    }
  }

  /** The flow's store, with "not queryable yet" in the gateway's terms. */
  private static Optional<RequestState> status(FlowService flow, String requestId) {
    try {
      return flow.status(requestId);
    } catch (InvalidStateStoreException e) {
      throw new StatusUnavailableException(e.getMessage(), e);
    }
  }

  /** Maps the intake keys of the configuration to the validator's limits. */
  static IntakeLimits intakeLimits(EditStreamConfig config) {
    return new IntakeLimits(
        new HashSet<>(config.get(EditStreamConfig.INTAKE_BUNDLES)),
        config.get(EditStreamConfig.INTAKE_MAX_IMAGE_BYTES),
        config.get(EditStreamConfig.INTAKE_MAX_IMAGE_PIXELS),
        config.get(EditStreamConfig.INTAKE_MAX_IMAGE_SIDE),
        config.get(EditStreamConfig.INTAKE_MAX_PROMPT_CHARS),
        config.get(EditStreamConfig.INTAKE_MAX_STEPS),
        config.get(EditStreamConfig.INTAKE_MAX_GUIDANCE));
  }

  /** The parts that are not healthy (failed or stopped stream applications), empty when all are. */
  public List<String> unhealthyParts() {
    List<String> down = new ArrayList<>();
    if (!intake.isHealthy()) {
      down.add("intake (" + intake.state() + ")");
    }
    if (!flow.isHealthy()) {
      down.add("flow (" + flow.state() + ")");
    }
    return down;
  }

  /** The flow's counters: each resolution stage's hits, misses, parked requests, park times. */
  public FlowCounters counters() {
    return flow.counters();
  }

  /** The HTTP gateway's base URL. */
  public String gatewayUrl() {
    return gateway.url();
  }

  /** The intake application's state, for logs. */
  public String intakeState() {
    return intake.state().toString();
  }

  /** Stops the gateway, the flow, then intake. */
  @Override
  public void close() {
    gateway.close();
    flow.close();
    intake.close();
  }
}

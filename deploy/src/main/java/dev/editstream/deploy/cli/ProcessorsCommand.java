package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.deploy.stack.MetricsEndpoint;
import dev.editstream.deploy.stack.Processors;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackStartException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code editstream processors}: intake, the flow and the status endpoint on their own, against the
 * Kafka, registry and blob store of the configuration (an {@code up} with {@code
 * editstream.processors.enabled=false}, or a cluster). Runs until Ctrl-C or SIGTERM; exits 1 if it
 * cannot start or a stream application stops on its own. Serves its own Prometheus endpoint ({@code
 * editstream.processors.metrics.port}). Its state lives under {@code <data.dir>/streams} and is
 * restored from the changelogs when missing.
 */
@Command(
    name = "processors",
    mixinStandardHelpOptions = true,
    description = {
      "Run the stream processors (intake, dispatch, the caption and inversion resolution stages,"
          + " results) and the status endpoint against a running EditStream's Kafka."
    })
public final class ProcessorsCommand implements Callable<Integer> {
  private static final long HEALTH_CHECK_SECONDS = 2;

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Creates the command.
   *
   * @param config the loaded configuration
   */
  public ProcessorsCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    MetricsEndpoint metrics;
    Processors processors;
    try {
      metrics =
          SingleMachineStack.metricsEndpoint(
              config.get(EditStreamConfig.BIND_HOST),
              config.get(EditStreamConfig.PROCESSORS_METRICS_PORT),
              "processors");
    } catch (StackStartException e) {
      spec.commandLine()
          .getErr()
          .println("editstream processors failed to start: " + e.getMessage());
      return 1;
    }
    try {
      processors =
          Processors.start(
              config,
              config.bootstrapServers(),
              Map.of("schema.registry.url", config.registryUrl()),
              BlobStores.open(config),
              SingleMachineStack.bundles(config),
              metrics.registry());
    } catch (StackStartException | org.apache.kafka.common.KafkaException e) {
      metrics.close();
      spec.commandLine()
          .getErr()
          .println("editstream processors failed to start: " + e.getMessage());
      return 1;
    }
    return UntilStopped.run(
        () -> {
          processors.close();
          metrics.close();
        },
        () -> {
          out.println(
              "Processors are up ("
                  + config.bootstrapServers()
                  + "); HTTP gateway at "
                  + processors.gatewayUrl()
                  + "/v1/edits.");
          out.println("  Metrics         : " + metrics.url());
          out.flush();
        },
        "Processors stopped.",
        () -> {
          List<String> down = processors.unhealthyParts();
          return down.isEmpty()
              ? Optional.empty()
              : Optional.of("editstream processors: " + down + " stopped; exiting");
        },
        HEALTH_CHECK_SECONDS,
        out,
        spec.commandLine().getErr(),
        "editstream-processors-shutdown");
  }
}

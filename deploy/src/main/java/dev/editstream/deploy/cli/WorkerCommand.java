package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.deploy.stack.EngineWorker;
import dev.editstream.deploy.stack.MetricsEndpoint;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackStartException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code editstream worker}: an edit worker on its own, against the Kafka, registry and blob store
 * of the configuration (a running {@code up}, or a cluster). Runs until Ctrl-C or SIGTERM, then
 * lets running jobs finish until {@code editstream.worker.close.timeout} and hands the rest back.
 * Serves its own Prometheus endpoint ({@code editstream.worker.metrics.port}). Exits 1 if it cannot
 * start or stops on its own.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run an edit worker against a running EditStream.",
      "%nConsumes jobs-edit as a member of editstream.worker.group.id and runs each job's plan on"
          + " the bundles of editstream.intake.bundles (under editstream.bundles.dir)."
    })
public final class WorkerCommand implements Callable<Integer> {
  private static final long HEALTH_CHECK_SECONDS = 2;

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Creates the command.
   *
   * @param config the loaded configuration
   */
  public WorkerCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    MetricsEndpoint metrics;
    EngineWorker worker;
    try {
      metrics =
          SingleMachineStack.metricsEndpoint(
              config.get(EditStreamConfig.BIND_HOST),
              config.get(EditStreamConfig.WORKER_METRICS_PORT),
              "worker");
    } catch (StackStartException e) {
      spec.commandLine().getErr().println("editstream worker failed to start: " + e.getMessage());
      return 1;
    }
    try {
      worker =
          EngineWorker.start(
              config,
              config.bootstrapServers(),
              Map.of("schema.registry.url", config.registryUrl()),
              BlobStores.open(config),
              SingleMachineStack.bundles(config),
              metrics.registry());
    } catch (StackStartException | org.apache.kafka.common.KafkaException e) {
      metrics.close();
      spec.commandLine().getErr().println("editstream worker failed to start: " + e.getMessage());
      return 1;
    }
    return UntilStopped.run(
        () -> {
          worker.close();
          metrics.close();
        },
        () -> {
          out.println(
              "Edit worker " + worker.workerId() + " is up (" + config.bootstrapServers() + ").");
          out.println("  Metrics         : " + metrics.url());
          out.flush();
        },
        "Edit worker stopped.",
        () ->
            worker.isHealthy()
                ? Optional.empty()
                : Optional.of("editstream worker: the worker stopped; exiting"),
        HEALTH_CHECK_SECONDS,
        out,
        spec.commandLine().getErr(),
        "editstream-worker-shutdown");
  }
}

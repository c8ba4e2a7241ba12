package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.deploy.stack.StackStartException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code editstream up}: starts the single-machine stack, prints where it listens, and runs until
 * Ctrl-C or SIGTERM, then stops every part in reverse order. Exits 1 if a part fails while running.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the single-machine stack and run until Ctrl-C.",
      "%nStarts Kafka (KRaft), the schema registry, the file blob store, topic provisioning,"
          + " intake, dispatch, the results stage and an edit worker, waits until all are healthy"
          + " and prints where they listen. Data lives in"
          + " editstream.data.dir and survives restarts."
    })
public final class UpCommand implements Callable<Integer> {

  private static final long HEALTH_CHECK_SECONDS = 5;

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Creates the command.
   *
   * @param config the loaded configuration
   */
  public UpCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SingleMachineStack stack;
    try {
      stack = SingleMachineStack.start(config);
    } catch (StackStartException e) {
      spec.commandLine().getErr().println("editstream up failed: " + e.getMessage());
      return 1;
    }
    return UntilStopped.run(
        stack,
        () -> printReady(out, stack),
        "EditStream stopped.",
        () -> {
          List<String> down = stack.unhealthyParts();
          return down.isEmpty()
              ? Optional.empty()
              : Optional.of("editstream up: unhealthy: " + down + "; stopping");
        },
        HEALTH_CHECK_SECONDS,
        out,
        spec.commandLine().getErr(),
        "editstream-shutdown");
  }

  private static void printReady(PrintWriter out, SingleMachineStack stack) {
    StackEndpoints endpoints = stack.endpoints();
    String elsewhere = "not in this process";
    boolean processors = stack.runsProcessors();
    boolean worker = stack.runsWorker();
    out.println("EditStream is up (all parts healthy).");
    out.println("  Kafka bootstrap : " + endpoints.bootstrapServers());
    out.println("  Schema registry : " + endpoints.registryUrl());
    out.println("  Blob store      : " + blobLocation(endpoints));
    out.println("  Data directory  : " + endpoints.dataDir());
    out.println("  Topics          : " + stack.provisioning().summary());
    out.println("  Metrics         : " + endpoints.metricsUrl());
    out.println(
        "  HTTP gateway    : "
            + (processors
                ? endpoints.gatewayUrl() + "/v1/edits (status, events, cancel)"
                : elsewhere));
    out.println(
        "  Intake          : "
            + (processors ? "running (edit-requests -> edit-requests-accepted)" : elsewhere));
    out.println(
        "  Dispatch        : "
            + (processors
                ? "running (edit-requests-accepted, resolutions -> jobs-edit)"
                : elsewhere));
    out.println(
        "  Resolution      : "
            + (processors
                ? "running (captions by image hash, inversions by inversion key; one job per key)"
                : elsewhere));
    out.println(
        "  Results         : "
            + (processors
                ? "running (worker-outcomes, edit-cancellations, edit-progress -> edit-results)"
                : elsewhere));
    out.println(
        "  Edit worker     : " + (worker ? "running (jobs-edit -> worker-outcomes)" : elsewhere));
    out.println(
        "  Resolve worker  : "
            + (worker ? "running (jobs-invert, jobs-caption -> inversions, captions)" : elsewhere));
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /** The file store's directory (what an operator opens), or the S3 store's root URI. */
  private static String blobLocation(StackEndpoints endpoints) {
    return endpoints.blobRoot() != null
        ? endpoints.blobRoot().toString()
        : endpoints.blobs().root().toString();
  }
}

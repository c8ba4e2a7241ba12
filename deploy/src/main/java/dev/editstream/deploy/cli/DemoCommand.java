package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.demo.DemoOutcome;
import dev.editstream.deploy.demo.DemoSamples;
import dev.editstream.deploy.demo.DemoScenario;
import dev.editstream.deploy.demo.Sample;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.deploy.stack.Health;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.deploy.stack.StackStartException;
import dev.editstream.producers.ClientSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code editstream demo}: the main job in one command. Uses a running {@code editstream up} when
 * its Kafka and registry answer at the configured addresses; otherwise starts a temporary stack on
 * free ports in a directory under {@code <data.dir>/demo-runs} and removes it afterwards. Submits
 * valid and invalid sample requests and prints each outcome as it arrives. Exit code 0 when every
 * sample got the outcome it should, 1 when one differed, 3 when one did not arrive in time.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Submit sample requests and show each one's outcome.",
      "%nUses a running 'editstream up' if one answers at the configured addresses, otherwise"
          + " starts a temporary stack on free ports and removes it afterwards. Some samples are"
          + " valid, some invalid; each outcome is printed as it arrives."
    })
public final class DemoCommand implements Callable<Integer> {

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--out",
      description =
          "Folder for the result images and results.jsonl (default: a new folder under"
              + " <data.dir>/demo-results).")
  Path outDir;

  /**
   * Creates the command.
   *
   * @param config the loaded configuration
   */
  public DemoCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    String bootstrap = config.bootstrapServers();
    String registry = config.registryUrl();
    if (Health.reachable(bootstrap) && Health.httpOk(registry + "/subjects")) {
      out.println("Using the running EditStream at " + bootstrap + " (registry " + registry + ").");
      return runSamples(new ClientSettings(bootstrap, registry, BlobStores.open(config)), out);
    }
    Path runs = config.dataDir().resolve("demo-runs");
    Files.createDirectories(runs);
    Path dataDir = Files.createTempDirectory(runs, "run-");
    out.println(
        "Starting a temporary EditStream (Kafka, schema registry, blob store, processors, edit"
            + " worker)...");
    out.flush();
    try (SingleMachineStack stack = SingleMachineStack.start(temporary(dataDir))) {
      StackEndpoints e = stack.endpoints();
      out.println(
          "EditStream is up: Kafka "
              + e.bootstrapServers()
              + ", registry "
              + e.registryUrl()
              + ", blobs "
              + e.blobs().root());
      return runSamples(new ClientSettings(e.bootstrapServers(), e.registryUrl(), e.blobs()), out);
    } catch (StackStartException e) {
      spec.commandLine().getErr().println("demo failed to start EditStream: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(dataDir);
    }
  }

  /** The configuration with free ports and the temporary data directory. */
  private static EditStreamConfig temporary(Path dataDir) {
    return EditStreamConfig.load(
        null,
        System.getenv(),
        Map.of(
            EditStreamConfig.DATA_DIR.name(), dataDir.toString(),
            EditStreamConfig.KAFKA_PORT.name(), "0",
            EditStreamConfig.KAFKA_CONTROLLER_PORT.name(), "0",
            EditStreamConfig.REGISTRY_PORT.name(), "0",
            EditStreamConfig.GATEWAY_PORT.name(), "0",
            EditStreamConfig.METRICS_PORT.name(), "0",
            EditStreamConfig.BLOB_ROOT.name(), dataDir.resolve("blobs").toString()));
  }

  private int runSamples(ClientSettings client, PrintWriter out) throws IOException {
    String run = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = outDir != null ? outDir : config.dataDir().resolve("demo-results").resolve(run);
    List<Sample> samples = DemoSamples.all(run);
    Duration timeout = config.get(EditStreamConfig.DEMO_TIMEOUT);
    long valid = samples.stream().filter(Sample::valid).count();
    out.printf(
        "Submitting %d sample requests (%d valid edits, %d invalid on purpose) to edit-requests...%n",
        samples.size(), valid, samples.size() - valid);
    out.println();
    DemoOutcome outcome = new DemoScenario(client, out, dir).run(samples, timeout);
    out.println();
    out.printf(
        "%d succeeded, %d rejected, %d without a result.%n",
        outcome.succeeded(), outcome.rejected(), outcome.missing().size());
    out.println("Results: " + dir.toAbsolutePath().normalize() + " (results.jsonl and the images)");
    if (!outcome.missing().isEmpty()) {
      out.println(
          "No result within "
              + timeout
              + " for "
              + outcome.missing()
              + "; are the processors and the worker running? (see the log above, or raise"
              + " editstream.demo.timeout)");
      out.flush();
      return 3;
    }
    if (!outcome.unexpected().isEmpty()) {
      out.println("Unexpected outcomes: " + outcome.unexpected());
      out.flush();
      return 1;
    }
    out.println("Every sample got the outcome it should.");
    out.flush();
    return 0;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

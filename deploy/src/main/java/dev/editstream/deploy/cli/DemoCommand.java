package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.deploy.stack.Health;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.deploy.stack.StackStartException;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.enrich.EnrichItem;
import dev.editstream.producers.enrich.EnrichRun;
import dev.editstream.producers.enrich.ManifestException;
import dev.editstream.producers.enrich.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code editstream demo}: the main job in one command. Uses a running {@code editstream up} when
 * its Kafka and registry answer at the configured addresses; otherwise starts a temporary stack on
 * free ports in a directory under {@code <data.dir>/demo-runs} and removes it afterwards. Runs
 * {@code enrich} over the committed sample set ({@code samples/demo/manifest.jsonl}: valid edits of
 * every kind and two requests invalid on purpose) and prints where the report is. Exit code 0 when
 * every sample ended as expected, 1 when one did not, 3 when a result did not arrive in time.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Enrich the committed sample set through the whole pipeline and write its report.",
      "%nUses a running 'editstream up' if one answers at the configured addresses, otherwise"
          + " starts a temporary stack on free ports and removes it afterwards. Most samples are"
          + " valid edits, two are invalid on purpose; the report (report.html) shows each"
          + " source, mask and result with its caption and metrics."
    })
public final class DemoCommand implements Callable<Integer> {

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--samples",
      defaultValue = "samples/demo/manifest.jsonl",
      description = "The sample set's manifest (default: ${DEFAULT-VALUE}).")
  Path samples;

  @picocli.CommandLine.Option(
      names = "--out",
      description =
          "Folder for the report, results.jsonl, summary.json and the images (default: a new"
              + " folder under <data.dir>/demo-results).")
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
    out.println(
        "Enriching the sample set "
            + samples
            + " through the pipeline (intake, captions, inversions, the edit worker, results)...");
    out.flush();
    EnrichItem defaults = EnrichItem.defaults("replace");
    EnrichRun.Options options =
        new EnrichRun.Options(
            samples, dir, defaults, "shapes32", null, config.get(EditStreamConfig.DEMO_TIMEOUT));
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Summary s;
    try {
      s = new EnrichRun(client, options, console, System.console() != null).run();
    } catch (ManifestException e) {
      spec.commandLine().getErr().println("demo cannot read its samples: " + e.getMessage());
      return 2;
    }
    out.println();
    out.printf(
        "%d samples: %d succeeded, %d rejected (%s), %d other; %d not as expected.%n",
        s.rows(),
        s.succeeded(),
        s.rejected(),
        s.byReason().keySet().stream().filter(r -> !r.equals("OK")).toList(),
        s.rows() - s.succeeded() - s.rejected(),
        s.unexpected());
    Path report = dir.resolve("report.html").toAbsolutePath().normalize();
    out.println("Report : " + report + "  (open it in a browser; it needs no server)");
    out.println("Results: " + dir.resolve("results.jsonl").toAbsolutePath().normalize());
    out.flush();
    if (s.byReason().containsKey("RESULT_NOT_ARRIVED")) {
      out.println(
          "Some results did not arrive within "
              + config.get(EditStreamConfig.DEMO_TIMEOUT)
              + " of the last one; are the processors and the worker running? (see the log"
              + " above, or raise editstream.demo.timeout)");
      out.flush();
      return 3;
    }
    if (s.unexpected() > 0) {
      out.println("Some samples did not end as expected: see the report's 'unexpected' filter.");
      out.flush();
      return 1;
    }
    out.println("Every sample ended as it should.");
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

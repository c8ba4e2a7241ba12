package dev.editstream.benchmarks.cache;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmarks/bin/cache}: what the inversion cache saves, through the whole single-machine
 * pipeline (intake, the resolution stages, the workers, the results stage). It starts a stack of
 * its own on free ports, edits distinct images one at a time (each inverts its image: a miss) and
 * then edits one of them again several times (each reuses the inversion: a hit), every request with
 * the bundle's default steps and null-text inversion, and prints and writes into {@code
 * BENCHMARKS.md}: a hit's wall time ÷ its edit's own compute time, and a repeated edit's speed-up
 * over a first one, with its ceiling (inversion + edit) ÷ edit.
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Benchmark the inversion cache end to end; writes its section of BENCHMARKS.md.")
public final class CacheBenchmarkCommand implements Callable<Integer> {

  private static final List<Scene> SCENES =
      List.of(
          scene(Colour.BLUE, Shape.CIRCLE, Colour.RED),
          scene(Colour.GREEN, Shape.TRIANGLE, Colour.YELLOW),
          scene(Colour.WHITE, Shape.DIAMOND, Colour.PURPLE),
          scene(Colour.BLACK, Shape.SQUARE, Colour.GREEN),
          scene(Colour.GRAY, Shape.CIRCLE, Colour.PINK),
          scene(Colour.WHITE, Shape.SQUARE, Colour.RED),
          scene(Colour.BLACK, Shape.TRIANGLE, Colour.BLUE));
  private static final List<String> TARGETS = List.of("green", "yellow", "purple", "pink", "blue");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--distinct",
      defaultValue = "4",
      description = "Edits of distinct images, each a miss (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(
      names = "--repeated",
      defaultValue = "8",
      description = "Repeated edits of one image, each a hit (default: ${DEFAULT-VALUE}).")
  int repeated;

  @Option(
      names = "--warmup",
      defaultValue = "6",
      description =
          "Edits before the measured ones, all of one image the runs do not use, so that the JIT"
              + " has compiled the pipeline's paths (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--out",
      defaultValue = "BENCHMARKS.md",
      description = "The file whose section is rewritten (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--bundles-dir",
      defaultValue = "models/bundles",
      description = "The bundles (default: ${DEFAULT-VALUE}).")
  Path bundlesDir;

  /**
   * Runs the benchmark.
   *
   * @param args command line
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CacheBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (distinct < 1 || distinct >= SCENES.size() || repeated < 1 || warmup < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--distinct must be 1.." + (SCENES.size() - 1) + ", --repeated and --warmup >= 1");
    }
    PrintWriter console = spec.commandLine().getOut();
    Path dataDir = Files.createTempDirectory("editstream-cache-benchmark");
    try (SingleMachineStack stack = SingleMachineStack.start(config(dataDir))) {
      StackEndpoints e = stack.endpoints();
      ClientSettings client = new ClientSettings(e.bootstrapServers(), e.registryUrl(), e.blobs());
      try (EditClient edits = EditClient.connect(client);
          TopicFollower follower =
              TopicFollower.follow(
                  client, List.of(Topics.EDIT_RESULTS, Topics.INVERSIONS), false)) {
        Run run = new Run(edits, follower, console);
        console.println("warming up (" + warmup + " edits of an image the runs do not use)...");
        for (int i = 0; i < warmup; i++) {
          run.edit(SCENES.get(SCENES.size() - 1), i);
        }
        run.forgetInversions();
        List<Timed> first = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
          first.add(run.edit(SCENES.get(i), i));
        }
        List<Timed> again = new ArrayList<>();
        for (int i = 0; i < repeated; i++) {
          again.add(run.edit(SCENES.get(0), i + 1));
        }
        HitTimeline timeline = HitTimeline.of(client, again);
        Summary summary = new Summary(first, again, run.inversionMillis(), distinct, repeated);
        summary.lines().forEach(console::println);
        timeline.lines().forEach(console::println);
        BenchmarksFile.writeSection(
            out, "cache", summary.markdown(command()) + "\n" + timeline.markdown());
        console.println("wrote the cache section of " + out.toAbsolutePath());
        console.flush();
        return 0;
      }
    } finally {
      deleteTree(dataDir);
    }
  }

  private String command() {
    return "benchmarks/bin/cache --distinct "
        + distinct
        + " --repeated "
        + repeated
        + " --warmup "
        + warmup;
  }

  private EditStreamConfig config(Path dataDir) {
    // the environment's EDITSTREAM_* settings apply (a commit interval to compare, say); the
    // stack's own ports and directories do not
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
            EditStreamConfig.BUNDLES_DIR.name(), bundlesDir.toString()));
  }

  /**
   * One edit's wall time (submit to result), the worker's own timings, and when it was submitted
   * (epoch ms, to place its audit events).
   */
  record Timed(String requestId, long wallMs, Map<String, Long> timings, long submittedAtMs) {
    long workerMs() {
      return timings.getOrDefault("worker", 0L);
    }

    long editMs() {
      return timings.getOrDefault("edit", 0L);
    }
  }

  /** Submits one request at a time and waits for its result. */
  private static final class Run {
    private final EditClient edits;
    private final TopicFollower follower;
    private final PrintWriter console;
    private final List<Long> inversionMillis = new ArrayList<>();
    private final String prefix = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    private int n;

    Run(EditClient edits, TopicFollower follower, PrintWriter console) {
      this.edits = edits;
      this.follower = follower;
      this.console = console;
    }

    Timed edit(Scene scene, int variant) {
      String id = prefix + "-" + n++;
      String[] words = scene.caption().split(" ");
      String colour = scene.objects().get(0).colour().name().toLowerCase(Locale.ROOT);
      String target = TARGETS.get(variant % TARGETS.size());
      words[2] = target.equals(colour) ? "white" : target;
      EditRequest request =
          EditRequest.newBuilder()
              .setRequestId(id)
              .setImage(ByteBuffer.wrap(SampleImages.scene(scene, 32, 32)))
              .setSourceCaption(scene.caption())
              .setEdit(new PromptEdit(PromptEditMode.REPLACE, String.join(" ", words), List.of()))
              .setBundleName("shapes32")
              .setSampler(SamplerParams.newBuilder().build())
              .setMetadata(Map.of("source", "cache benchmark"))
              .build();
      long submittedAt = System.currentTimeMillis();
      long start = System.nanoTime();
      edits.submit(request);
      EditResult result = await(id, start);
      long wall = (System.nanoTime() - start) / 1_000_000;
      if (result.getStatus() != ResultStatus.SUCCEEDED) {
        throw new IllegalStateException(
            id
                + " ended "
                + result.getStatus()
                + " "
                + result.getReasonCode()
                + ": "
                + result.getMessage());
      }
      Timed timed = new Timed(id, wall, result.getTimingsMs(), submittedAt);
      console.printf(
          Locale.ROOT,
          "  %s  %s  wall %d ms, timings %s%n",
          id,
          scene.caption(),
          wall,
          timed.timings());
      console.flush();
      return timed;
    }

    private EditResult await(String id, long start) {
      long deadline = start + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        for (Observed o : follower.poll(Duration.ofMillis(5))) {
          if (o.value() instanceof InversionRecord r) {
            inversionMillis.add(r.getDurationMs());
          } else if (o.value() instanceof EditResult r && r.getRequestId().equals(id)) {
            return r;
          }
        }
      }
      throw new IllegalStateException("no result for " + id + " within 5 minutes");
    }

    List<Long> inversionMillis() {
      return inversionMillis;
    }

    void forgetInversions() {
      inversionMillis.clear();
    }
  }

  /** The medians and ratios of one run. */
  private record Summary(
      List<Timed> first, List<Timed> again, List<Long> inversions, int distinct, int repeated) {

    static long median(Stream<Long> values) {
      return Medians.of(values);
    }

    long firstWall() {
      return median(first.stream().map(Timed::wallMs));
    }

    long hitWall() {
      return median(again.stream().map(Timed::wallMs));
    }

    long hitWorker() {
      return median(again.stream().map(Timed::workerMs));
    }

    long hitEdit() {
      return median(again.stream().map(Timed::editMs));
    }

    long inversion() {
      return median(inversions.stream());
    }

    double hitOverEdit() {
      return (double) hitWall() / hitEdit();
    }

    double speedUp() {
      return (double) firstWall() / hitWall();
    }

    double ceiling() {
      return (double) (inversion() + hitEdit()) / hitEdit();
    }

    List<String> lines() {
      return List.of(
          String.format(
              Locale.ROOT,
              "first edits (%d distinct images, each inverts): median wall %d ms (inversion %d ms)",
              distinct,
              firstWall(),
              inversion()),
          String.format(
              Locale.ROOT,
              "repeated edits (%d of one image, each a cache hit): median wall %d ms, edit compute"
                  + " %d ms",
              repeated,
              hitWall(),
              hitEdit()),
          String.format(
              Locale.ROOT,
              "cache hit wall / edit compute: %.2f (goal <= 1.15) %s",
              hitOverEdit(),
              hitOverEdit() <= 1.15 ? "met" : "NOT met"),
          String.format(
              Locale.ROOT,
              "repeated edit speed-up over a first: %.1fx (goal >= 10x, ceiling %.1fx) %s",
              speedUp(),
              ceiling(),
              speedUp() >= 10 ? "met" : "NOT met"));
    }

    String markdown(String command) {
      StringBuilder b = new StringBuilder();
      b.append("## Inversion cache (issue 18)\n\n");
      b.append("Command: `").append(command).append("` (starts its own stack on free ports)\n\n");
      b.append("Machine: ").append(Machine.describe()).append("  \n");
      b.append("Date: ").append(Instant.now().toString(), 0, 16).append(" UTC\n\n");
      b.append(
          "Requests: prompt-to-prompt REPLACE edits of 32x32 scenes with the bundle's default"
              + " steps and null-text inversion, submitted one at a time through the whole"
              + " pipeline; wall = submit to result on the client; edit compute = the worker's"
              + " `edit` timing. Medians.\n\n");
      b.append("| measure | value | goal |\n| --- | --- | --- |\n");
      b.append(
          String.format(
              Locale.ROOT,
              "| first edit wall (distinct images, %d) | %d ms | |%n",
              distinct,
              firstWall()));
      b.append(String.format(Locale.ROOT, "| inversion compute | %d ms | |%n", inversion()));
      b.append(
          String.format(
              Locale.ROOT,
              "| repeated edit wall (one image, %d) | %d ms | |%n",
              repeated,
              hitWall()));
      b.append(String.format(Locale.ROOT, "| repeated edit compute | %d ms | |%n", hitEdit()));
      b.append(
          String.format(
              Locale.ROOT,
              "| repeated edit's whole job on the worker (read, edit, score, store) | %d ms | |%n",
              hitWorker()));
      b.append(
          String.format(
              Locale.ROOT, "| cache hit wall / edit compute | %.2f | <= 1.15 |%n", hitOverEdit()));
      b.append(
          String.format(
              Locale.ROOT,
              "| repeated edit speed-up | %.1fx | >= 10x (ceiling (inversion + edit) / edit = %.1fx) |%n",
              speedUp(),
              ceiling()));
      return b.toString();
    }
  }

  private static Scene scene(Colour background, Shape shape, Colour colour) {
    return new Scene(background, List.of(new SceneObject(shape, colour, Size.LARGE, 16, 16)));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.editstream.benchmarks.scale;

import dev.editstream.benchmarks.cache.BenchmarksFile;
import dev.editstream.benchmarks.cache.Machine;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One worker process against two on this machine, in one run: a stack of its own without a worker
 * (broker, registry, processors), then a burst of edits of distinct images (each inverts, so both
 * resolution and edit workers work) served by one {@code editstream worker} JVM, then another burst
 * of other images served by two. Prints the throughput ratio and writes its section of {@code
 * BENCHMARKS.md}.
 */
@Command(
    name = "scaleout",
    mixinStandardHelpOptions = true,
    description = "Benchmark one worker process against two; writes its section of BENCHMARKS.md.")
public final class ScaleOutCommand implements Callable<Integer> {

  private static final Duration START = Duration.ofMinutes(3);
  private static final List<String> TARGETS = List.of("green", "yellow", "purple", "pink");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--requests",
      defaultValue = "24",
      description = "edits per burst, each of its own image (default ${DEFAULT-VALUE})")
  int requests;

  @Option(
      names = "--bundles",
      defaultValue = "models/bundles",
      description = "the bundles (default ${DEFAULT-VALUE})")
  Path bundlesDir;

  @Option(
      names = "--out",
      defaultValue = "BENCHMARKS.md",
      description = "the file whose section is rewritten (default ${DEFAULT-VALUE})")
  Path out;

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleOutCommand()).execute(args));
  }

  /** One burst's outcome. */
  private record Burst(int workers, int succeeded, double seconds, double cpu) {
    double perSecond() {
      return succeeded / seconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    Path dataDir = Files.createTempDirectory("editstream-scaleout");
    try (SingleMachineStack stack = SingleMachineStack.start(config(dataDir))) {
      StackEndpoints e = stack.endpoints();
      ClientSettings client =
          new ClientSettings(e.bootstrapServers(), e.registryUrl(), e.blobRoot());
      String prefix = "scale-" + UUID.randomUUID().toString().substring(0, 8);
      try (EditClient edits = EditClient.connect(client);
          TopicFollower results =
              TopicFollower.follow(client, List.of(Topics.EDIT_RESULTS), false);
          WorkerProcess first = worker(e, dataDir, "scale-1")) {
        console.println("warming up one worker (4 edits)...");
        console.flush();
        burst(edits, results, prefix + "-warm", 1000, 4, 1);
        awaitMembers(e, 1);
        Burst one = burst(edits, results, prefix + "-one", 0, requests, 1);
        print(console, one);
        Burst two;
        try (WorkerProcess second = worker(e, dataDir, "scale-2")) {
          awaitMembers(e, 2);
          two = burst(edits, results, prefix + "-two", 500, requests, 2);
          print(console, two);
        }
        String section = section(one, two);
        console.println(section);
        BenchmarksFile.writeSection(out, "scaleout", section);
        console.println("wrote the scaleout section of " + out.toAbsolutePath());
        return one.succeeded() == requests && two.succeeded() == requests ? 0 : 1;
      }
    }
  }

  private static void print(PrintWriter console, Burst b) {
    console.printf(
        Locale.ROOT,
        "  %d worker process(es): %d edits in %.1f s, %.3f edits/s, machine CPU %.0f%%%n",
        b.workers(),
        b.succeeded(),
        b.seconds(),
        b.perSecond(),
        100 * b.cpu());
    console.flush();
  }

  private EditStreamConfig config(Path dataDir) {
    return EditStreamConfig.load(
        null,
        System.getenv(),
        Map.of(
            EditStreamConfig.DATA_DIR.name(), dataDir.toString(),
            EditStreamConfig.KAFKA_PORT.name(), "0",
            EditStreamConfig.KAFKA_CONTROLLER_PORT.name(), "0",
            EditStreamConfig.REGISTRY_PORT.name(), "0",
            EditStreamConfig.GATEWAY_PORT.name(), "0",
            EditStreamConfig.WORKER_ENABLED.name(), "false",
            EditStreamConfig.BUNDLES_DIR.name(), bundlesDir.toString()));
  }

  private WorkerProcess worker(StackEndpoints e, Path dataDir, String id) throws Exception {
    Map<String, String> env = new HashMap<>();
    // the caller's EDITSTREAM_WORKER_* settings (threads, batching) apply to both phases
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("EDITSTREAM_WORKER_")) {
                env.put(k, v);
              }
            });
    env.put("EDITSTREAM_BOOTSTRAP_SERVERS", e.bootstrapServers());
    env.put("EDITSTREAM_REGISTRY_URL", e.registryUrl());
    env.put("EDITSTREAM_BLOB_ROOT", e.blobRoot().toString());
    env.put("EDITSTREAM_DATA_DIR", dataDir.resolve(id).toString());
    env.put("EDITSTREAM_BUNDLES_DIR", bundlesDir.toAbsolutePath().toString());
    env.put("EDITSTREAM_WORKER_ID", id);
    // two workers on one machine need a metrics port each
    env.put("EDITSTREAM_WORKER_METRICS_PORT", "0");
    Files.createDirectories(dataDir.resolve(id));
    return WorkerProcess.start(env, dataDir.resolve(id + ".log"), START);
  }

  /** Waits until the edit workers' group has this many members, so the burst meets them all. */
  private static void awaitMembers(StackEndpoints e, int members) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.bootstrapServers()))) {
      long deadline = System.nanoTime() + START.toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription d =
            admin
                .describeConsumerGroups(List.of("editstream-edit-workers"))
                .describedGroups()
                .get("editstream-edit-workers")
                .get(10, TimeUnit.SECONDS);
        if (d.members().size() == members
            && d.groupState() == org.apache.kafka.common.GroupState.STABLE) {
          return;
        }
        TimeUnit.MILLISECONDS.sleep(200); // polling an admin API, not synchronising threads
      }
      throw new IllegalStateException("the edit workers' group never had " + members + " members");
    } catch (ExecutionException ex) {
      throw new IllegalStateException("cannot describe the edit workers' group", ex.getCause());
    }
  }

  /** Submits {@code n} edits of distinct images at once and waits for every result. */
  private static Burst burst(
      EditClient edits, TopicFollower results, String prefix, int firstScene, int n, int workers) {
    Set<String> waiting = new HashSet<>();
    List<EditRequest> burst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      burst.add(request(prefix + "-" + i, firstScene + i));
      waiting.add(prefix + "-" + i);
    }
    CpuSampler cpu = new CpuSampler();
    long start = System.nanoTime();
    burst.forEach(edits::submit);
    int succeeded = 0;
    long deadline = start + Duration.ofMinutes(30).toNanos();
    while (!waiting.isEmpty() && System.nanoTime() < deadline) {
      for (Observed o : results.poll(Duration.ofMillis(100))) {
        if (o.value() instanceof EditResult r && waiting.remove(r.getRequestId())) {
          succeeded += r.getStatus() == ResultStatus.SUCCEEDED ? 1 : 0;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    cpu.close();
    if (!waiting.isEmpty()) {
      throw new IllegalStateException(waiting.size() + " edits had no result in 30 minutes");
    }
    return new Burst(workers, succeeded, seconds, cpu.mean());
  }

  private static EditRequest request(String id, int k) {
    Scene scene = World.sample(new World(23).random(k), 1);
    String[] words = scene.caption().split(" ");
    String colour = scene.objects().get(0).colour().word();
    String target = TARGETS.get(k % TARGETS.size());
    words[2] = target.equals(colour) ? "white" : target;
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(SampleImages.scene(scene, 32, 32)))
        .setSourceCaption(scene.caption())
        .setEdit(new PromptEdit(PromptEditMode.REPLACE, String.join(" ", words), List.of()))
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().build())
        .setMetadata(Map.of("source", "scale-out benchmark"))
        .build();
  }

  private String section(Burst one, Burst two) {
    double ratio = two.perSecond() / one.perSecond();
    StringBuilder b = new StringBuilder();
    b.append("## Scale-out: one worker process against two (issue 19)\n\n");
    b.append("Command: `benchmarks/bin/scaleout --requests ").append(requests).append("`  \n");
    b.append("Machine: ").append(Machine.describe()).append("  \n");
    b.append("Date: ").append(LocalDate.now()).append("\n\n");
    EditStreamConfig worker = EditStreamConfig.load(null, System.getenv(), Map.of());
    b.append(
        String.format(
            Locale.ROOT,
            "A stack without a worker (broker, registry, processors in one JVM), then a burst of %d"
                + " edits of distinct images (each a null-text inversion on a resolution worker,"
                + " then its edit) served by one `editstream worker` JVM, then a burst of %d other"
                + " images served by two, members of one group. Each worker: %d edit thread(s),"
                + " %d resolution worker(s), batching %s (`EDITSTREAM_WORKER_*` of the run)."
                + " `jobs-edit` and `jobs-invert` have %d partitions each.%n%n",
            requests,
            requests,
            worker.get(EditStreamConfig.WORKER_THREADS),
            worker.get(EditStreamConfig.WORKER_RESOLVE_INSTANCES),
            worker.get(EditStreamConfig.WORKER_BATCHING) ? "on" : "off",
            Topics.JOBS_EDIT.partitions()));
    b.append(
        "| worker processes | edits | wall time | edits/s | machine CPU busy (all processes) |\n"
            + "| --- | --- | --- | --- | --- |\n");
    for (Burst x : List.of(one, two)) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.1f s | %.3f | %.0f%% |%n",
              x.workers(),
              x.succeeded(),
              x.seconds(),
              x.perSecond(),
              100 * x.cpu()));
    }
    b.append(String.format(Locale.ROOT, "%n**Two ÷ one: %.2f×.** ", ratio));
    b.append(bound(one, two, worker)).append('\n');
    return b.toString();
  }

  /** What bounded the second process's gain, read off the measurements. */
  private static String bound(Burst one, Burst two, EditStreamConfig worker) {
    int cores = Runtime.getRuntime().availableProcessors();
    int slots =
        worker.get(EditStreamConfig.WORKER_THREADS)
            + worker.get(EditStreamConfig.WORKER_RESOLVE_INSTANCES);
    String cpu =
        String.format(
            Locale.ROOT,
            "one process kept the machine's %d cores %.0f%% busy, two kept them %.0f%% busy",
            cores,
            100 * one.cpu(),
            100 * two.cpu());
    if (one.cpu() >= 0.8) {
      return "What bounds it: the cores. "
          + cpu
          + "; a second process on the same cores splits them rather than adding any. The "
          + Topics.JOBS_EDIT.partitions()
          + " partitions are not the bound at two processes of "
          + slots
          + " consumers each. Across machines (or GPUs) each process brings its own cores:"
          + " docs/gpu.md has the plan.";
    }
    String idle =
        "What bounds it: one process leaves the cores idle part of the time ("
            + cpu
            + "): its "
            + slots
            + " consumers wait on Kafka and on an inversion before its edit, and a second process"
            + " fills those gaps.";
    if (two.cpu() >= 0.9) {
      return idle
          + " From two on, the cores bound it: a third process on this machine would split"
          + " them. Across machines the "
          + Topics.JOBS_EDIT.partitions()
          + " partitions of each job topic bound the processes that work at once"
          + " (docs/gpu.md).";
    }
    return idle
        + " The "
        + Topics.JOBS_EDIT.partitions()
        + " partitions of each job topic bound the processes that work at once (docs/gpu.md).";
  }
}

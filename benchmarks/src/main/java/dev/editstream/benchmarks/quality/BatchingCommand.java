package dev.editstream.benchmarks.quality;

import dev.editstream.benchmarks.cache.BenchmarksFile;
import dev.editstream.benchmarks.cache.Machine;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.model.BatchLayout;
import dev.editstream.workers.engine.model.BatchSettings;
import dev.editstream.workers.engine.model.DenoiserCall;
import dev.editstream.workers.engine.model.DenoiserCallListener;
import dev.editstream.workers.engine.model.JobSeat;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.executor.RequestMasks;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What step-level batching gains a worker: a burst of mixed jobs (the quality benchmark's cases,
 * planned as the pipeline plans them, at the bundle's default steps; some edits start from a cached
 * inversion, the others invert inline) run on the worker's compute threads by two engines side by
 * side in one run, one batching and one not; then one job alone on each (the price of padding).
 * Prints the ratios and writes its section of {@code BENCHMARKS.md}.
 */
@Command(
    name = "batching",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark step-level batching (throughput on / off, a lone job's latency on / off);"
            + " writes its section of BENCHMARKS.md.")
public final class BatchingCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bundle",
      defaultValue = "models/bundles/shapes32",
      description = "the model bundle directory (default ${DEFAULT-VALUE})")
  Path bundle;

  @Option(names = "--jobs", defaultValue = "64", description = "jobs in the burst (default 64)")
  int jobs;

  @Option(
      names = "--inline",
      defaultValue = "16",
      description = "jobs of the burst that invert inline, no cached inversion (default 16)")
  int inline;

  @Option(
      names = "--threads",
      defaultValue = "8",
      description = "jobs run at once, as editstream.worker.threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N,N,...",
      description =
          "padded sizes to batch at, as editstream.worker.batch.sizes (default: the worker's,"
              + " [2, 4, 6, 12, 24] or else [4, 6, 12, 24]); checked at start like a worker's")
  List<Integer> sizes;

  @Option(names = "--seed", defaultValue = "7", description = "the cases' seed (default 7)")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "BENCHMARKS.md",
      description = "the file whose section is rewritten (default ${DEFAULT-VALUE})")
  Path out;

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BatchingCommand()).execute(args));
  }

  /** One job of the burst: a planned request, and the inversion it starts from, if cached. */
  private record Job(
      EditPlan plan,
      SourceImage source,
      Optional<Mask> mask,
      Optional<Inversion> cached,
      int priority) {}

  /** One job alone: its median latency with batching off and on, and whether its bytes held. */
  private record Lone(String kind, double off, double on, boolean sameBits) {}

  /** The last job of the burst that starts from a cached inversion, or that inverts inline. */
  private static int loneIndex(List<Job> burst, boolean cached) {
    for (int i = burst.size() - 1; i >= 0; i--) {
      Job j = burst.get(i);
      if (j.plan().getInversion() != null && j.cached().isPresent() == cached) {
        return i;
      }
    }
    throw new IllegalStateException("the burst has no " + (cached ? "cached" : "inline") + " job");
  }

  /** What a mode measured. */
  private record Run(double seconds, List<String> hashes) {}

  /** Rows per call, as the batching engine's listener saw them. */
  private static final class CallCounts implements DenoiserCallListener {
    final Map<DenoiserCall, LongAdder> calls = new EnumMap<>(DenoiserCall.class);
    final Map<DenoiserCall, LongAdder> rows = new EnumMap<>(DenoiserCall.class);
    final Map<DenoiserCall, LongAdder> padded = new EnumMap<>(DenoiserCall.class);

    CallCounts() {
      for (DenoiserCall c : DenoiserCall.values()) {
        calls.put(c, new LongAdder());
        rows.put(c, new LongAdder());
        padded.put(c, new LongAdder());
      }
    }

    @Override
    public void onCall(DenoiserCall call, int r, int p, int jobs, long nanos) {
      calls.get(call).increment();
      rows.get(call).add(r);
      padded.get(call).add(p);
    }

    void reset() {
      for (DenoiserCall c : DenoiserCall.values()) {
        calls.get(c).reset();
        rows.get(c).reset();
        padded.get(c).reset();
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    BundleOptions options = BundleOptions.defaults();
    BundleDescriptor descriptor = BundleDescriptor.load(bundle);
    List<String> captions = descriptor.defaults().calibrationCaptions();
    CallCounts counts = new CallCounts();
    try (EditEngine off =
            EditEngine.open(
                bundle,
                options,
                captions,
                BatchSettings.off(options.intraOpThreads()),
                DenoiserCallListener.none());
        EditEngine on =
            EditEngine.open(
                bundle, options, captions, batching(options.intraOpThreads()), counts)) {
      List<Job> burst = burst(on, new EditPlanner(descriptor), console);
      console.printf(
          Locale.ROOT,
          "burst: %d jobs (%d invert inline), %d at once; batching %s%n",
          burst.size(),
          inline,
          threads,
          on.callFingerprint());
      console.flush();
      Run offRun = run(off, burst, threads);
      console.printf(Locale.ROOT, "  batching off: %.1f s%n", offRun.seconds());
      console.flush();
      counts.reset();
      Run onRun = run(on, burst, threads);
      console.printf(Locale.ROOT, "  batching on:  %.1f s%n", onRun.seconds());
      console.flush();
      String callTable = callTable(counts);
      List<Lone> lone = new ArrayList<>();
      for (String kind : List.of("an edit from a cached inversion", "an edit inverting inline")) {
        int at = loneIndex(burst, kind.contains("cached"));
        Job job = burst.get(at);
        double[] aloneOff = alone(off, job);
        double[] aloneOn = alone(on, job);
        String bits = run(on, List.of(job), 1).hashes().get(0);
        lone.add(new Lone(kind, aloneOff[1], aloneOn[1], bits.equals(onRun.hashes().get(at))));
      }
      String section = section(burst.size(), offRun, onRun, lone, callTable, on);
      console.println(section);
      BenchmarksFile.writeSection(out, "batching", section);
      console.println("wrote the batching section of " + out.toAbsolutePath());
      return lone.stream().allMatch(Lone::sameBits) ? 0 : 1;
    }
  }

  /** The burst's jobs; the cached inversions are computed first, batched, and not timed. */
  private List<Job> burst(EditEngine engine, EditPlanner planner, PrintWriter console)
      throws Exception {
    List<EditCase> cases = ShapesEdit.cases(seed, jobs);
    List<Job> planned = new ArrayList<>();
    List<Callable<Optional<Inversion>>> inversions = new ArrayList<>();
    int inlineLeft = inline;
    for (int i = 0; i < cases.size(); i++) {
      EditRequest request = CaseRequests.of(seed, cases.get(i));
      EditPlan plan =
          planner.plan(
              request,
              request.getSourceCaption(),
              dev.editstream.editing.Seeds.forRequest(
                  request.getRequestId(), request.getSampler().getSeed()));
      SourceImage source = SourceImage.decode(InlineBytes.of((ByteBuffer) request.getImage()));
      Optional<Mask> mask =
          RequestMasks.rasterise(
              request.getMask(),
              source.height(),
              source.width(),
              image -> InlineBytes.of((ByteBuffer) image));
      boolean inverts = plan.getInversion() != null;
      boolean cache = inverts && (inlineLeft <= 0 || i % 4 != 0);
      if (inverts && !cache) {
        inlineLeft--;
      }
      planned.add(new Job(plan, source, mask, Optional.empty(), i % 3));
      inversions.add(
          cache
              ? () -> Optional.of(engine.invert(plan, source, StepListener.none()))
              : Optional::empty);
    }
    console.printf(Locale.ROOT, "computing the burst's cached inversions (not timed)...%n");
    console.flush();
    List<Job> out = new ArrayList<>();
    // more at once than the burst runs: the cached inversions are set-up, not measured
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<Optional<Inversion>>> done = new ArrayList<>();
      for (Callable<Optional<Inversion>> c : inversions) {
        done.add(pool.submit(() -> seated(engine, 0, c)));
      }
      for (int i = 0; i < planned.size(); i++) {
        Job j = planned.get(i);
        out.add(new Job(j.plan(), j.source(), j.mask(), done.get(i).get(), j.priority()));
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static <T> T seated(EditEngine engine, int priority, Callable<T> work) throws Exception {
    try (JobSeat seat = engine.seat(priority)) {
      return work.call();
    }
  }

  /** Runs the jobs on {@code threads} threads, as a worker's compute threads run them. */
  private static Run run(EditEngine engine, List<Job> burst, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<String>> results = new ArrayList<>();
      for (Job j : burst) {
        results.add(pool.submit(() -> seated(engine, j.priority(), () -> hash(engine, j))));
      }
      List<String> hashes = new ArrayList<>();
      for (Future<String> f : results) {
        hashes.add(f.get());
      }
      return new Run((System.nanoTime() - start) / 1e9, hashes);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String hash(EditEngine engine, Job j) throws Exception {
    byte[] rgb = engine.run(j.plan(), j.source(), j.mask(), j.cached(), StepListener.none()).rgb8();
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
  }

  /** One job alone, three times: its latencies in seconds, sorted. */
  private static double[] alone(EditEngine engine, Job job) throws Exception {
    double[] s = new double[3];
    for (int i = 0; i < s.length; i++) {
      s[i] = run(engine, List.of(job), 1).seconds();
    }
    Arrays.sort(s);
    return s;
  }

  private static String callTable(CallCounts counts) {
    StringBuilder b = new StringBuilder();
    b.append("| call | calls | rows per call | padded rows per call | padding |\n");
    b.append("| --- | --- | --- | --- | --- |\n");
    for (DenoiserCall c : DenoiserCall.values()) {
      long calls = counts.calls.get(c).sum();
      long rows = counts.rows.get(c).sum();
      long padded = counts.padded.get(c).sum();
      if (calls == 0) {
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %d | %.1f | %.1f | %.0f%% |%n",
              c.name().toLowerCase(Locale.ROOT),
              calls,
              (double) rows / calls,
              (double) padded / calls,
              100.0 * (padded - rows) / padded));
    }
    return b.toString();
  }

  private BatchSettings batching(int intraOpThreads) {
    if (sizes == null) {
      return BatchSettings.on(intraOpThreads);
    }
    BatchLayout layout = new BatchLayout(sizes, intraOpThreads);
    return new BatchSettings(true, layout, layout.maxRows(), Duration.ofMillis(5));
  }

  private String section(
      int n, Run off, Run on, List<Lone> lone, String callTable, EditEngine batching) {
    double gain = off.seconds() / on.seconds();
    StringBuilder b = new StringBuilder();
    b.append("## Step-level batching (issue 19)\n\n");
    b.append("Command: `benchmarks/bin/batching")
        .append(
            String.format(Locale.ROOT, " --jobs %d --inline %d --threads %d", n, inline, threads)
                + (sizes == null
                    ? ""
                    : " --sizes "
                        + sizes.stream()
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(","))))
        .append("`  \n");
    b.append("Machine: ").append(Machine.describe()).append("  \n");
    b.append("Date: ").append(LocalDate.now()).append("  \n");
    b.append("Batching: ").append(batching.callFingerprint()).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "A burst of %d mixed jobs (the quality benchmark's cases as the planner plans them, at"
                + " the bundle's default steps; %d of them invert inline with null-text, the"
                + " other edits start from a cached inversion), %d at once on the worker's"
                + " compute path (engine, seats, threads), run by two engines side by side in"
                + " this one run. Kafka is not in the loop: this is the compute a worker"
                + " batches.%n%n",
            n,
            inline,
            threads));
    b.append("| measure | batching off | batching on | on ÷ off |\n");
    b.append("| --- | --- | --- | --- |\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| burst wall time | %.1f s | %.1f s | |%n| **throughput** | %.2f jobs/s | %.2f"
                + " jobs/s | **%.2f×** (goal ≥ 1.8×) |%n",
            off.seconds(),
            on.seconds(),
            n / off.seconds(),
            n / on.seconds(),
            gain));
    for (Lone l : lone) {
      b.append(
          String.format(
              Locale.ROOT,
              "| **one job alone**: %s (median of 3) | %.2f s | %.2f s | **%.2f×** (the price of"
                  + " padding) |%n",
              l.kind(),
              l.off(),
              l.on(),
              l.on() / l.off()));
    }
    b.append('\n');
    b.append("The batching engine's calls during the burst:\n\n").append(callTable).append('\n');
    for (Lone l : lone) {
      b.append(
          l.sameBits()
              ? "The bytes of " + l.kind() + " alone, batching on, equal its bytes in the burst.\n"
              : "**The bytes of " + l.kind() + " alone differ from its bytes in the burst.**\n");
    }
    return b.toString();
  }
}

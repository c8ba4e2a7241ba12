package dev.editstream.benchmarks.quality;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.models.BundleOptions;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.producers.cli.ConnectionOptions;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.PlannedEditResult;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.model.BatchSettings;
import dev.editstream.workers.engine.model.DenoiserCallListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parity}: sends ShapesEdit cases as ordinary requests to a running stack, runs the same
 * requests in process as the quality benchmark's planner row does, and checks that every result is
 * the same image, byte for byte, with the same scores.
 */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    description = {
      "Submit N ShapesEdit cases as ordinary requests (PNG, caption, target prompt, kind of edit)"
          + " to a running stack, run the same requests in process as the quality benchmark's"
          + " planner row does, and compare every result's pixels and scores.",
      "Exit code 0 when every result SUCCEEDED once and equals the in-process one; 1 otherwise;"
          + " 2 when results are missing at the timeout."
    })
public final class ParityCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(500);

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--bundle",
      defaultValue = "models/bundles/shapes32",
      description = "the stack's model bundle directory (default ${DEFAULT-VALUE})")
  Path bundle;

  @Option(
      names = "--cases",
      defaultValue = "40",
      description = "number of cases, the benchmark's first (default ${DEFAULT-VALUE})")
  int cases;

  @Option(
      names = "--seed",
      defaultValue = "4242",
      description = "case seed, the benchmark's (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--run",
      description =
          "tag appended to the request ids (default: a new one per run, since intake drops a"
              + " resubmitted id)")
  String run;

  @Option(
      names = "--journal",
      defaultValue = ".editstream/quality-journal",
      description =
          "the quality benchmark's journal: each case it holds is also compared with the"
              + " benchmark's own planner row, its scores (and, for the grid's cases, its image)"
              + " (default ${DEFAULT-VALUE}; read only)")
  Path journal;

  @Option(
      names = "--batching",
      defaultValue = "false",
      arity = "1",
      description =
          "whether the stack's workers batch (editstream.worker.batching): the in-process engine"
              + " must run its calls the same way to give the same bytes (default"
              + " ${DEFAULT-VALUE})")
  boolean batching;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "minutes to wait for the stack's results (default ${DEFAULT-VALUE})")
  long timeoutMinutes;

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ParityCommand()).execute(args));
  }

  /** One case's two sides. */
  private record Side(EditCase edit, EditRequest request, byte[] rgb8, CaseScore score) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String tag = run != null ? run : Long.toString(Instant.now().getEpochSecond(), 36);
    Map<String, Side> local = new LinkedHashMap<>();
    BundleDescriptor descriptor = BundleDescriptor.load(bundle);
    BundleOptions options = BundleOptions.defaults();
    BatchSettings calls =
        batching
            ? BatchSettings.on(options.intraOpThreads())
            : BatchSettings.off(options.intraOpThreads());
    try (EditEngine engine =
            EditEngine.open(
                bundle,
                options,
                descriptor.defaults().calibrationCaptions(),
                calls,
                DenoiserCallListener.none());
        EditClient client = EditClient.connect(connection.settings())) {
      List<EditCase> all = ShapesEdit.cases(seed, cases);
      List<EditRequest> requests = new ArrayList<>();
      for (EditCase c : all) {
        requests.add(CaseRequests.of(CaseRequests.requestId(seed, c) + "-" + tag, c));
      }
      requests.forEach(client::submit);
      out.printf(
          Locale.ROOT,
          "submitted %d requests (%s ... %s); running them in process meanwhile%n",
          requests.size(),
          requests.get(0).getRequestId(),
          requests.get(requests.size() - 1).getRequestId());
      out.flush();
      PlannedCases planned = new PlannedCases(engine, new EditPlanner(descriptor), seed);
      CaseScorer scorer = new CaseScorer(engine.model());
      for (int i = 0; i < all.size(); i++) {
        EditRequest r = requests.get(i);
        PlannedEditResult result = planned.run(r, Optional.empty());
        CaseScore score = scorer.score(Method.PLANNED, all.get(i), result.image(), 0, 0);
        local.put(r.getRequestId(), new Side(all.get(i), r, result.rgb8(), score));
      }
      return compare(out, local, scorer);
    }
  }

  private int compare(PrintWriter out, Map<String, Side> local, CaseScorer scorer) {
    Map<String, List<EditResult>> results = collect(local.keySet());
    BlobStore blobs = connection.settings().blobStore().orElseThrow();
    Map<Integer, CaseJournal.Entry> benchmark = CaseJournal.read(journal);
    int journaled = 0;
    int asJournaled = 0;
    int identical = 0;
    int missing = 0;
    List<CaseScore> stackScores = new ArrayList<>();
    for (Side s : local.values()) {
      List<EditResult> got = results.getOrDefault(s.request().getRequestId(), List.of());
      String verdict;
      if (got.isEmpty()) {
        missing++;
        verdict = "MISSING";
      } else if (got.size() > 1) {
        verdict = "DUPLICATED (" + got.size() + " terminal results)";
      } else if (got.get(0).getStatus() != ResultStatus.SUCCEEDED) {
        verdict = got.get(0).getStatus() + " " + got.get(0).getReasonCode();
      } else {
        RgbImage image = RgbImage.fromPng(blobs.get(got.get(0).getResultImage()));
        CaseScore score = scorer.score(Method.PLANNED, s.edit(), image, 0, 0);
        stackScores.add(score);
        boolean sameBytes = Arrays.equals(image.toRgb8(), s.rgb8());
        boolean sameScores = score.equals(s.score());
        identical += sameBytes && sameScores ? 1 : 0;
        verdict =
            (sameBytes ? "identical bytes" : "BYTES DIFFER")
                + ", "
                + (sameScores ? "identical scores" : "SCORES DIFFER: " + score);
        CaseJournal.Entry e = benchmark.get(s.edit().id());
        if (e != null) {
          journaled++;
          boolean same = BenchmarkRow.matches(e, score, image);
          asJournaled += same ? 1 : 0;
          verdict +=
              same
                  ? "; as the benchmark's journal" + (e.images().isEmpty() ? "" : " (image too)")
                  : "; DIFFERS FROM THE BENCHMARK'S JOURNAL";
        }
      }
      out.printf(
          Locale.ROOT,
          "case %3d %-13s %s%n",
          s.edit().id(),
          s.edit().kind().name().toLowerCase(Locale.ROOT),
          verdict);
    }
    out.println(summary(local.values().stream().map(Side::score).toList(), "in process"));
    out.println(summary(stackScores, "the stack"));
    out.printf(
        Locale.ROOT,
        "parity: %d of %d results identical to the in-process run in bytes and scores; %d of the"
            + " %d cases in the benchmark's journal identical to its planner row%n",
        identical,
        local.size(),
        asJournaled,
        journaled);
    out.flush();
    boolean all = identical == local.size() && asJournaled == journaled;
    return missing > 0 ? 2 : all ? 0 : 1;
  }

  /** Every terminal result of the ids, read_committed, until each has one or the timeout. */
  private Map<String, List<EditResult>> collect(java.util.Set<String> ids) {
    Map<String, List<EditResult>> results = new HashMap<>();
    Instant end = Instant.now().plus(Duration.ofMinutes(timeoutMinutes));
    try (TopicFollower follower =
        TopicFollower.follow(connection.settings(), List.of(Topics.EDIT_RESULTS), true)) {
      while (results.size() < ids.size() && Instant.now().isBefore(end)) {
        for (Observed o : follower.poll(POLL)) {
          if (ids.contains(o.key()) && o.value() instanceof EditResult r) {
            results.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(r);
          }
        }
      }
      // whatever else is already on the topic for these ids (a duplicate would be there too)
      for (List<Observed> more = follower.poll(POLL); !more.isEmpty(); more = follower.poll(POLL)) {
        for (Observed o : more) {
          if (ids.contains(o.key()) && o.value() instanceof EditResult r) {
            results.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(r);
          }
        }
      }
    }
    return results;
  }

  private static String summary(List<CaseScore> scores, String where) {
    List<CaseScore> swaps =
        scores.stream().filter(s -> s.kind() == EditKind.OBJECT_COLOUR).toList();
    return String.format(
        Locale.ROOT,
        "%-10s: %d results; mean PSNR vs truth %.4f dB, outside %.4f dB, attribute accuracy"
            + " %.1f%%; colour swaps (%d): accuracy %.1f%%, outside %.4f dB, vs truth %.4f dB",
        where,
        scores.size(),
        mean(scores, CaseScore::psnrTruth),
        mean(scores, CaseScore::psnrOutside),
        100 * mean(scores, s -> s.correct() ? 1 : 0),
        swaps.size(),
        100 * mean(swaps, s -> s.correct() ? 1 : 0),
        mean(swaps, CaseScore::psnrOutside),
        mean(swaps, CaseScore::psnrTruth));
  }

  private static double mean(
      List<CaseScore> rows, java.util.function.ToDoubleFunction<CaseScore> f) {
    return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}

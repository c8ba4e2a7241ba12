package dev.editstream.benchmarks.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The engine's quality thresholds, checked on a benchmark outcome: null-text reconstruction at 30
 * dB or more and 3 dB or more over DDIM's; the planner's colour swaps (what a request gets) right
 * 90% of the time or more, at 30 dB or more outside the object and 24 dB or more against the truth;
 * SD-IPC's token-space captions right in their attributes 95% of the time or more.
 */
final class QualityThresholds {
  private QualityThresholds() {}

  /**
   * One threshold.
   *
   * @param what what is measured
   * @param value the measured value
   * @param bound the least value that meets it
   * @param unit how the values print
   */
  record Check(String what, double value, double bound, String unit) {
    boolean met() {
      return value >= bound;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | ≥ %s | %s |",
          what,
          format(value),
          format(bound),
          met() ? "met" : "**not met**");
    }

    private String format(double v) {
      return unit.equals("%")
          ? String.format(Locale.ROOT, "%.1f%%", 100 * v)
          : String.format(Locale.ROOT, "%.2f %s", v, unit);
    }
  }

  /**
   * Every check of an outcome.
   *
   * @param checks in the report's order
   */
  record Verdict(List<Check> checks) {
    boolean met() {
      return checks.stream().allMatch(Check::met);
    }

    String summary() {
      long failed = checks.stream().filter(c -> !c.met()).count();
      return failed == 0
          ? "quality thresholds: all " + checks.size() + " met"
          : "quality thresholds: " + failed + " of " + checks.size() + " NOT met";
    }

    /** The Markdown table of the checks. */
    String table() {
      StringBuilder s = new StringBuilder("| threshold | measured | bound | |\n");
      s.append("| --- | ---: | ---: | --- |\n");
      checks.forEach(c -> s.append(c.row()).append('\n'));
      return s.toString();
    }
  }

  static Verdict check(QualityBenchmark.Outcome o) {
    List<Check> checks = new ArrayList<>();
    double nti = mean(o.reconstructions(), QualityBenchmark.Reconstruction::psnrNullText);
    double ddim = mean(o.reconstructions(), QualityBenchmark.Reconstruction::psnrDdim);
    checks.add(new Check("null-text reconstruction PSNR", nti, 30, "dB"));
    checks.add(new Check("null-text over DDIM reconstruction", nti - ddim, 3, "dB"));
    List<CaseScore> swaps =
        o.scores().stream()
            .filter(c -> c.method() == Method.PLANNED && c.kind() == EditKind.OBJECT_COLOUR)
            .toList();
    checks.add(
        new Check(
            "planner's colour swaps: colour accuracy",
            mean(swaps, c -> c.correct() ? 1 : 0),
            0.90,
            "%"));
    checks.add(
        new Check(
            "planner's colour swaps: PSNR outside the object",
            mean(swaps, CaseScore::psnrOutside),
            30,
            "dB"));
    checks.add(
        new Check(
            "planner's colour swaps: PSNR against the truth",
            mean(swaps, CaseScore::psnrTruth),
            24,
            "dB"));
    if (o.ipc() != null) {
      checks.add(
          new Check(
              "SD-IPC captions (token space): attributes match",
              o.ipc().attributeAccuracyToken(),
              0.95,
              "%"));
    }
    return new Verdict(List.copyOf(checks));
  }

  private static <T> double mean(List<T> rows, ToDoubleFunction<T> f) {
    return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}

package dev.editstream.benchmarks.quality;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Renders a benchmark outcome as the Markdown of {@code docs/quality.md}. */
final class QualityReport {
  private QualityReport() {}

  /**
   * The report.
   *
   * @param header the lines above the tables (what was run, on which bundle, how to regenerate)
   * @param o the outcome
   * @param gridPath the grid image's path relative to the report
   */
  static String render(String header, QualityBenchmark.Outcome o, String gridPath) {
    StringBuilder s = new StringBuilder(header).append('\n');
    s.append("## Thresholds the engine must meet\n\n");
    s.append(QualityThresholds.check(o).table());
    s.append(
        "\nThe colour-swap thresholds are checked on the planner's row: what a request gets.\n\n");
    s.append("## Methods side by side (all cases)\n\n");
    s.append(
        "| method | PSNR vs truth (dB) | SSIM vs truth | PSNR outside edit (dB) | SSIM outside edit"
            + " | attribute accuracy | CLIP score | directional CLIP | s / edit | time outside TF |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Method m : Method.values()) {
      List<CaseScore> rows = o.scores().stream().filter(c -> c.method() == m).toList();
      double secs = mean(rows, CaseScore::seconds);
      double model = mean(rows, CaseScore::modelSeconds);
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.3f | %.2f | %.3f | %.1f%% | %.1f | %.3f | %.2f | %.1f%% |%n",
              m.label(),
              mean(rows, CaseScore::psnrTruth),
              mean(rows, CaseScore::ssimTruth),
              mean(rows, CaseScore::psnrOutside),
              mean(rows, CaseScore::ssimOutside),
              100 * share(rows, CaseScore::correct),
              mean(rows, CaseScore::clipScore),
              mean(rows, CaseScore::clipDirectional),
              secs,
              secs == 0 ? 0 : 100 * (1 - model / secs)));
    }
    s.append(
        "\nSeconds per edit include the edit's inversion (DDIM or null-text; none for SDEdit)."
            + " The planner's row returns the source's own bytes outside the edit's region (the"
            + " local blend's mask, or the user's), so where that region lies inside the case's,"
            + " as with a masked case's mask, PSNR outside is the cap of "
            + String.format(Locale.ROOT, "%.0f", dev.editstream.workers.engine.metric.Psnr.CAP_DB)
            + " dB.\n");
    s.append("\n## Attribute accuracy by kind of edit\n\n| method |");
    for (EditKind k : EditKind.values()) {
      s.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append(" |");
    }
    s.append("\n| --- |").append(" ---: |".repeat(EditKind.values().length)).append('\n');
    for (Method m : Method.values()) {
      s.append("| ").append(m.label()).append(" |");
      for (EditKind k : EditKind.values()) {
        List<CaseScore> rows =
            o.scores().stream().filter(c -> c.method() == m && c.kind() == k).toList();
        s.append(String.format(Locale.ROOT, " %.1f%% |", 100 * share(rows, CaseScore::correct)));
      }
      s.append('\n');
    }
    s.append("\n## Object-colour swaps\n\n");
    s.append(
        "Colour accuracy is also split by the objects in the scene: in two-object scenes the"
            + " other object must keep its colour.\n\n");
    s.append(
        "| method | colour accuracy | one object | two objects | PSNR outside object (dB) |"
            + " PSNR vs truth (dB) |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Method m : Method.values()) {
      List<CaseScore> rows =
          o.scores().stream()
              .filter(c -> c.method() == m && c.kind() == EditKind.OBJECT_COLOUR)
              .toList();
      List<CaseScore> one = rows.stream().filter(c -> c.objects() == 1).toList();
      List<CaseScore> two = rows.stream().filter(c -> c.objects() == 2).toList();
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f%% | %s | %s | %.2f | %.2f |%n",
              m.label(),
              100 * share(rows, CaseScore::correct),
              hits(one),
              hits(two),
              mean(rows, CaseScore::psnrOutside),
              mean(rows, CaseScore::psnrTruth)));
    }
    var rec = o.reconstructions();
    s.append("\n## Reconstruction without an edit (guidance as above)\n\n");
    s.append("| inversion | PSNR (dB) | SSIM | inversion s |\n| --- | ---: | ---: | ---: |\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| DDIM | %.2f | %.3f | %.2f |%n| null-text | %.2f | %.3f | %.2f |%n",
            avg(rec, QualityBenchmark.Reconstruction::psnrDdim),
            avg(rec, QualityBenchmark.Reconstruction::ssimDdim),
            avg(rec, QualityBenchmark.Reconstruction::ddimSeconds),
            avg(rec, QualityBenchmark.Reconstruction::psnrNullText),
            avg(rec, QualityBenchmark.Reconstruction::ssimNullText),
            avg(rec, QualityBenchmark.Reconstruction::nullTextSeconds)));
    if (o.ipc() != null) {
      var ipc = o.ipc();
      s.append("\n## SD-IPC image-to-prompt captions (held-out scenes)\n\n");
      s.append(
          String.format(
              Locale.ROOT,
              "%d held-out scenes, %d candidate captions, measured mean pooled-text norm %.3f.%n%n"
                  + "| matching space | attributes match (background, colours, shapes) | exact caption |%n"
                  + "| --- | ---: | ---: |%n"
                  + "| token space (SD-IPC converter) | %.1f%% | %.1f%% |%n"
                  + "| CLIP space | %.1f%% | %.1f%% |%n",
              ipc.scenes(),
              ipc.candidates(),
              ipc.textNorm(),
              100 * ipc.attributeAccuracyToken(),
              100 * ipc.exactAccuracyToken(),
              100 * ipc.attributeAccuracyClip(),
              100 * ipc.exactAccuracyClip()));
    }
    s.append("\n## Image grid\n\n![ShapesEdit grid](").append(gridPath).append(")\n");
    return s.toString();
  }

  private static double mean(List<CaseScore> rows, ToDoubleFunction<CaseScore> f) {
    return avg(rows, f);
  }

  private static <T> double avg(List<T> rows, ToDoubleFunction<T> f) {
    return rows.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** "k / n (p%)" of the correct rows, or "-" when there are none. */
  private static String hits(List<CaseScore> rows) {
    if (rows.isEmpty()) {
      return "-";
    }
    long k = rows.stream().filter(CaseScore::correct).count();
    return String.format(Locale.ROOT, "%d / %d (%.1f%%)", k, rows.size(), 100.0 * k / rows.size());
  }

  private static double share(List<CaseScore> rows, Predicate<CaseScore> p) {
    return rows.isEmpty() ? Double.NaN : rows.stream().filter(p).count() / (double) rows.size();
  }
}

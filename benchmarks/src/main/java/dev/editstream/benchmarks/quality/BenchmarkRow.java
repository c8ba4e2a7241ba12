package dev.editstream.benchmarks.quality;

import dev.editstream.workers.engine.image.RgbImage;
import java.util.Arrays;

/** Compares a result with the quality benchmark's journaled planner row of the same case. */
final class BenchmarkRow {
  private BenchmarkRow() {}

  /**
   * Whether the scores (timings aside) are the planner row's, and the image is too when the journal
   * kept it (the grid's cases).
   */
  static boolean matches(CaseJournal.Entry e, CaseScore score, RgbImage image) {
    CaseScore row =
        e.scores().stream().filter(s -> s.method() == Method.PLANNED).findFirst().orElse(null);
    if (row == null || !untimed(row).equals(untimed(score))) {
      return false;
    }
    RgbImage kept = e.images().get(Method.PLANNED);
    return kept == null || Arrays.equals(kept.toRgb8(), image.toRgb8());
  }

  private static CaseScore untimed(CaseScore s) {
    return new CaseScore(
        s.method(),
        s.kind(),
        s.objects(),
        s.psnrTruth(),
        s.ssimTruth(),
        s.psnrOutside(),
        s.ssimOutside(),
        s.correct(),
        s.clipScore(),
        s.clipDirectional(),
        0,
        0);
  }
}

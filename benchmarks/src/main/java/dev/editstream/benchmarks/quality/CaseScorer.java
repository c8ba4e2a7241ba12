package dev.editstream.benchmarks.quality;

import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.metric.ClipScorer;
import dev.editstream.workers.engine.metric.Psnr;
import dev.editstream.workers.engine.metric.Ssim;
import dev.editstream.workers.engine.model.DiffusionModel;

/**
 * Scores an edited image of a case: against the ground truth, against the source outside the case's
 * region, by its attribute, and by CLIP. A function of the image alone (timings aside), so the same
 * image scores the same numbers in the benchmark and in the parity command.
 */
final class CaseScorer {
  private final ClipScorer clip;

  CaseScorer(DiffusionModel model) {
    this.clip = new ClipScorer(model);
  }

  CaseScore score(Method m, EditCase c, RgbImage edited, double secs, double modelSecs) {
    var outside = c.region().inverse();
    return new CaseScore(
        m,
        c.kind(),
        c.source().objects().size(),
        Psnr.of(c.truthImage(), edited),
        Ssim.of(c.truthImage(), edited),
        Psnr.of(c.sourceImage(), edited, outside),
        Ssim.of(c.sourceImage(), edited, outside),
        AttributeCheck.correct(c, edited),
        clip.score(edited, c.targetPrompt()),
        clip.directional(c.sourceImage(), edited, c.sourcePrompt(), c.targetPrompt()),
        secs,
        modelSecs);
  }
}

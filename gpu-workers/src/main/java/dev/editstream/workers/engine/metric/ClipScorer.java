package dev.editstream.workers.engine.metric;

import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.model.DiffusionModel;
import java.util.List;

/** CLIP score and directional CLIP similarity through a bundle's own encoders. */
public final class ClipScorer {
  private final DiffusionModel model;

  /** A scorer over a model's {@code embed_image} and {@code embed_text}. */
  public ClipScorer(DiffusionModel model) {
    this.model = model;
  }

  /** {@link ClipScore#of} of an image and a prompt. */
  public double score(RgbImage image, String prompt) {
    float[] img = model.embedImages(List.of(image))[0];
    float[] txt = model.embed(List.of(prompt)).pooled().values();
    return ClipScore.of(img, txt);
  }

  /** {@link ClipScore#directional} of an edit. */
  public double directional(
      RgbImage source, RgbImage edited, String sourcePrompt, String targetPrompt) {
    float[][] img = model.embedImages(List.of(source, edited));
    float[][] txt =
        DiffusionModel.split(model.embed(List.of(sourcePrompt, targetPrompt)).pooled().values(), 2);
    return ClipScore.directional(img[0], img[1], txt[0], txt[1]);
  }
}

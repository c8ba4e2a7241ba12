package dev.editstream.workers.engine.metric;

/**
 * CLIP-space scores over projected embeddings from the bundle's encoders ({@code embed_image},
 * {@code embed_text}'s pooled output).
 */
public final class ClipScore {
  private ClipScore() {}

  /** CLIP score (as torchmetrics): {@code 100 · max(cos(image, text), 0)}. */
  public static double of(float[] imageEmbedding, float[] textEmbedding) {
    return 100 * Math.max(cosine(imageEmbedding, textEmbedding), 0);
  }

  /**
   * Directional CLIP similarity (as in StyleGAN-NADA / InstructPix2Pix): the cosine between the
   * image change and the caption change, {@code cos(E_I(edit) - E_I(src), E_T(tgt) - E_T(src))}.
   */
  public static double directional(
      float[] sourceImage, float[] editedImage, float[] sourceText, float[] targetText) {
    float[] di = minus(editedImage, sourceImage);
    float[] dt = minus(targetText, sourceText);
    // a change at float-rounding level (e.g. the same image in another batch row) has no direction
    if (negligible(di, sourceImage) || negligible(dt, sourceText)) {
      return 0;
    }
    return cosine(di, dt);
  }

  private static boolean negligible(float[] delta, float[] base) {
    return norm(delta) <= 1e-5 * norm(base);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  /** Cosine similarity; 0 when either vector is zero. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("embedding sizes differ: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private static float[] minus(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }
}

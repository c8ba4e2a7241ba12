package dev.editstream.workers.engine.schedule;

/**
 * Classifier-free guidance: {@code eps = uncond + w * (cond - uncond)}. A scale of 1 is the
 * conditional prediction alone (no unconditional call needed).
 *
 * @param scale the guidance weight w
 */
public record Guidance(double scale) {

  /** Validates the scale. */
  public Guidance {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("guidance scale must be finite and >= 0, was " + scale);
    }
  }

  /** Guidance 1: the conditional branch only, as DDIM inversion uses. */
  public static Guidance none() {
    return new Guidance(1.0);
  }

  /** Whether the unconditional branch is needed at all. */
  public boolean needsUnconditional() {
    return scale != 1.0;
  }

  /** Combines the two predictions. */
  public float[] combine(float[] uncond, float[] cond) {
    if (!needsUnconditional()) {
      return cond.clone();
    }
    float[] out = new float[cond.length];
    for (int i = 0; i < cond.length; i++) {
      out[i] = (float) (uncond[i] + scale * (cond[i] - uncond[i]));
    }
    return out;
  }

  /** d(guided eps)/d(unconditional eps), i.e. {@code 1 - w}. */
  public double unconditionalWeight() {
    return 1.0 - scale;
  }
}

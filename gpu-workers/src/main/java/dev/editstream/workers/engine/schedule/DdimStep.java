package dev.editstream.workers.engine.schedule;

/**
 * One deterministic DDIM move (eta 0) from signal level {@code alphaFrom} to {@code alphaTo}, the
 * single primitive behind sampling ({@code alphaTo > alphaFrom}) and inversion ({@code alphaTo <
 * alphaFrom}):
 *
 * <pre>
 * x0  = (x - sqrt(1 - aFrom) * eps) / sqrt(aFrom)
 * out = sqrt(aTo) * x0 + sqrt(1 - aTo) * eps
 * </pre>
 *
 * @param timestep the model timestep at which eps is evaluated
 * @param alphaFrom cumulative alpha of the input latent
 * @param alphaTo cumulative alpha of the output latent
 */
public record DdimStep(int timestep, double alphaFrom, double alphaTo) {

  /** Coefficient of x in the output ({@code sqrt(aTo / aFrom)}). */
  public double latentCoefficient() {
    return Math.sqrt(alphaTo / alphaFrom);
  }

  /** Coefficient of eps in the output; also d(out)/d(eps), used by null-text inversion. */
  public double noiseCoefficient() {
    return Math.sqrt(1 - alphaTo)
        - Math.sqrt(alphaTo) * Math.sqrt(1 - alphaFrom) / Math.sqrt(alphaFrom);
  }

  /** Applies the move element-wise; {@code x} and {@code eps} have equal lengths. */
  public float[] apply(float[] x, float[] eps) {
    if (x.length != eps.length) {
      throw new IllegalArgumentException(
          "latent and eps sizes differ: " + x.length + " vs " + eps.length);
    }
    double cx = latentCoefficient();
    double ce = noiseCoefficient();
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) (cx * x[i] + ce * eps[i]);
    }
    return out;
  }

  /** The predicted clean sample {@code x0} at this step. */
  public float[] predictOriginal(float[] x, float[] eps) {
    double sa = Math.sqrt(alphaFrom);
    double sb = Math.sqrt(1 - alphaFrom);
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) ((x[i] - sb * eps[i]) / sa);
    }
    return out;
  }

  /** The same move run backwards (inversion of a sampling step and vice versa). */
  public DdimStep reversed() {
    return new DdimStep(timestep, alphaTo, alphaFrom);
  }
}

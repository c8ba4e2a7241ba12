package dev.editstream.workers.engine.schedule;

/**
 * The cumulative signal levels {@code alphas_cumprod} of a configuration, computed as diffusers
 * computes them: float32 betas from torch's float linspace, {@code 1 - beta} in float, and a
 * cumulative product accumulated in double and stored as float (torch's CPU {@code cumprod}).
 */
public final class NoiseSchedule {
  private final ScheduleConfig config;
  private final double[] alphasCumprod;

  private NoiseSchedule(ScheduleConfig config, double[] alphasCumprod) {
    this.config = config;
    this.alphasCumprod = alphasCumprod;
  }

  /** Computes the schedule of a configuration. */
  public static NoiseSchedule of(ScheduleConfig config) {
    int n = config.trainTimesteps();
    float[] betas =
        switch (config.betaSchedule()) {
          case LINEAR -> Linspace.floats((float) config.betaStart(), (float) config.betaEnd(), n);
          case SCALED_LINEAR ->
              squared(
                  Linspace.floats(
                      (float) Math.sqrt(config.betaStart()),
                      (float) Math.sqrt(config.betaEnd()),
                      n));
        };
    double[] cumprod = new double[n];
    double acc = 1.0;
    for (int i = 0; i < n; i++) {
      float alpha = 1.0f - betas[i];
      acc *= alpha;
      cumprod[i] = (float) acc;
    }
    return new NoiseSchedule(config, cumprod);
  }

  private static float[] squared(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * values[i];
    }
    return out;
  }

  /** The configuration this schedule was computed from. */
  public ScheduleConfig config() {
    return config;
  }

  /** {@code alphas_cumprod[t]} for a training timestep {@code 0 <= t < T}. */
  public double alphaCumprod(int t) {
    return alphasCumprod[t];
  }

  /** The alpha used past the end of sampling ({@code final_alpha_cumprod}). */
  public double finalAlphaCumprod() {
    return config.setAlphaToOne() ? 1.0 : alphasCumprod[0];
  }

  /** Number of training timesteps T. */
  public int trainTimesteps() {
    return alphasCumprod.length;
  }
}

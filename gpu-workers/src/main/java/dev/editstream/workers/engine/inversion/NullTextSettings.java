package dev.editstream.workers.engine.inversion;

import dev.editstream.schemas.keys.InversionKey;

/**
 * Null-text optimisation settings; the defaults are the paper's (and its code's): Adam with
 * learning rate {@code 1e-2 · (1 − i/100)} at sampling step i, up to 10 inner iterations, stopping
 * early once the loss is below {@code 1e-5 + i · 2e-5}.
 *
 * @param innerSteps Adam iterations per step at most
 * @param learningRate base learning rate
 * @param learningRateDecay the rate at step i is {@code learningRate · (1 − i · decay)}
 * @param earlyStop loss threshold at step 0
 * @param earlyStopSlope added to the threshold per step
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator floor
 */
public record NullTextSettings(
    int innerSteps,
    double learningRate,
    double learningRateDecay,
    double earlyStop,
    double earlyStopSlope,
    double beta1,
    double beta2,
    double epsilon) {

  /** Validates the settings. */
  public NullTextSettings {
    if (innerSteps < 0
        || !(learningRate > 0)
        || !(beta1 >= 0 && beta1 < 1)
        || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("invalid null-text settings");
    }
  }

  /** The paper's settings. */
  public static NullTextSettings paper() {
    return new NullTextSettings(10, 1e-2, 1e-2, 1e-5, 2e-5, 0.9, 0.999, 1e-8);
  }

  /** The same with another inner step budget. */
  public NullTextSettings withInnerSteps(int n) {
    return new NullTextSettings(
        n, learningRate, learningRateDecay, earlyStop, earlyStopSlope, beta1, beta2, epsilon);
  }

  /** The learning rate at sampling step i. */
  public double learningRateAt(int step) {
    return learningRate * (1 - step * learningRateDecay);
  }

  /** The early-stop loss threshold at sampling step i. */
  public double earlyStopAt(int step) {
    return earlyStop + step * earlyStopSlope;
  }

  /** These settings as the contract's inversion key reads them. */
  public InversionKey.NullText key() {
    return new InversionKey.NullText(
        innerSteps,
        learningRate,
        learningRateDecay,
        earlyStop,
        earlyStopSlope,
        beta1,
        beta2,
        epsilon);
  }

  /** A canonical one-line form, the contract's (see {@link InversionKey.NullText#canonical()}). */
  public String canonical() {
    return key().canonical();
  }
}

package dev.editstream.workers.engine.schedule;

import dev.editstream.schemas.keys.InversionKey;

/**
 * A DDIM scheduler configuration with diffusers' field meanings.
 *
 * @param trainTimesteps number of training timesteps T ({@code num_train_timesteps})
 * @param betaStart first beta
 * @param betaEnd last beta
 * @param betaSchedule how betas are laid out
 * @param stepsOffset added to "leading" timesteps ({@code steps_offset}; SD uses 1)
 * @param setAlphaToOne whether the alpha after the last sampling step is 1 or {@code
 *     alphas_cumprod[0]} ({@code set_alpha_to_one}; SD uses false)
 * @param spacing how inference timesteps are picked
 */
public record ScheduleConfig(
    int trainTimesteps,
    double betaStart,
    double betaEnd,
    BetaSchedule betaSchedule,
    int stepsOffset,
    boolean setAlphaToOne,
    TimestepSpacing spacing) {

  /** Validates ranges; a bad bundle configuration fails here, at start-up. */
  public ScheduleConfig {
    if (trainTimesteps < 2) {
      throw new IllegalArgumentException("trainTimesteps must be >= 2, was " + trainTimesteps);
    }
    if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1)) {
      throw new IllegalArgumentException(
          "betas must satisfy 0 < start <= end < 1, were " + betaStart + ", " + betaEnd);
    }
    if (stepsOffset < 0 || stepsOffset >= trainTimesteps) {
      throw new IllegalArgumentException("stepsOffset out of range: " + stepsOffset);
    }
    java.util.Objects.requireNonNull(betaSchedule, "betaSchedule");
    java.util.Objects.requireNonNull(spacing, "spacing");
  }

  /** Stable Diffusion v1's scheduler: scaled-linear 0.00085…0.012, offset 1, leading spacing. */
  public static ScheduleConfig stableDiffusion() {
    return new ScheduleConfig(
        1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, 1, false, TimestepSpacing.LEADING);
  }

  /** The same configuration with another timestep spacing. */
  public ScheduleConfig withSpacing(TimestepSpacing newSpacing) {
    return new ScheduleConfig(
        trainTimesteps, betaStart, betaEnd, betaSchedule, stepsOffset, setAlphaToOne, newSpacing);
  }

  /** A canonical one-line form, the contract's (see {@link InversionKey#schedule}). */
  public String canonical() {
    return InversionKey.schedule(
        trainTimesteps,
        betaStart,
        betaEnd,
        betaSchedule.name(),
        stepsOffset,
        setAlphaToOne,
        spacing.name());
  }
}

package dev.editstream.workers.engine.schedule;

import java.util.Locale;

/** How inference timesteps are picked from the training timesteps (diffusers' names). */
public enum TimestepSpacing {
  /** {@code arange(0, n) * (T // n) + steps_offset}, descending: SD's 50 steps are 981 … 1. */
  LEADING,
  /** {@code round(arange(T, 0, -T / n)) - 1}: ends at T − 1, so the last step is pure noise. */
  TRAILING,
  /** {@code round(linspace(0, T - 1, n))}, descending. */
  LINSPACE;

  /** Parses diffusers' spelling, case-insensitive. */
  public static TimestepSpacing parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "leading" -> LEADING;
      case "trailing" -> TRAILING;
      case "linspace" -> LINSPACE;
      default -> throw new IllegalArgumentException("unknown timestep spacing: " + name);
    };
  }

  /**
   * The descending inference timesteps for {@code steps} out of {@code trainSteps}, exactly as
   * diffusers' {@code DDIMScheduler.set_timesteps} computes them (numpy rounds half to even, as
   * {@link Math#rint} does).
   */
  int[] timesteps(int trainSteps, int steps, int stepsOffset) {
    int[] out = new int[steps];
    switch (this) {
      case LEADING -> {
        int ratio = trainSteps / steps;
        for (int i = 0; i < steps; i++) {
          out[i] = (steps - 1 - i) * ratio + stepsOffset;
        }
      }
      case TRAILING -> {
        double ratio = (double) trainSteps / steps;
        for (int i = 0; i < steps; i++) {
          out[i] = (int) Math.rint(trainSteps - i * ratio) - 1;
        }
      }
      case LINSPACE -> {
        double[] grid = Linspace.doubles(0, trainSteps - 1, steps);
        for (int i = 0; i < steps; i++) {
          out[i] = (int) Math.rint(grid[steps - 1 - i]);
        }
      }
    }
    return out;
  }
}

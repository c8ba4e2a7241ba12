package dev.editstream.workers.engine.schedule;

/** How the per-timestep noise variances (betas) are laid out, named as in diffusers. */
public enum BetaSchedule {
  /** {@code linspace(beta_start, beta_end, T)}. */
  LINEAR,
  /** {@code linspace(sqrt(beta_start), sqrt(beta_end), T)^2}: Stable Diffusion's schedule. */
  SCALED_LINEAR;

  /** Parses diffusers' spelling ({@code "linear"}, {@code "scaled_linear"}), case-insensitive. */
  public static BetaSchedule parse(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
      case "linear" -> LINEAR;
      case "scaled_linear" -> SCALED_LINEAR;
      default -> throw new IllegalArgumentException("unknown beta schedule: " + name);
    };
  }
}

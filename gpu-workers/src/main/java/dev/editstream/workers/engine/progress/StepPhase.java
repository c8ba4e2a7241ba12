package dev.editstream.workers.engine.progress;

/** The phases of a job whose steps a {@link StepListener} is told of, in the order they run. */
public enum StepPhase {
  /** DDIM inversion of the source: one denoiser call per step, from the image towards noise. */
  INVERSION,
  /**
   * Null-text optimisation along the inversion's trajectory: one step per sampling step, each of up
   * to the plan's inner Adam iterations.
   */
  NULL_TEXT,
  /** Sampling: the edit's (or SDEdit's, or a variation's) guided DDIM loop towards the image. */
  SAMPLING
}

package dev.editstream.workers.engine.inversion;

/** How an image is inverted into the model's noise space. */
public enum InversionMethod {
  /** Deterministic DDIM inversion with the conditional branch only (guidance 1). */
  DDIM,
  /**
   * DDIM inversion as pivots, then a per-step unconditional ("null-text") embedding optimised so
   * that guided sampling retraces the pivots (Mokady et al. 2023).
   */
  NULL_TEXT
}

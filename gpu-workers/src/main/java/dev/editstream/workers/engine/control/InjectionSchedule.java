package dev.editstream.workers.engine.control;

/**
 * For which steps of an edit the source's attention is injected into the target, each as a fraction
 * of the steps counted from the noisy end (prompt-to-prompt's {@code cross_replace_steps} and
 * {@code self_replace_steps}, P2Plus's {@code tau_u}).
 *
 * @param cross fraction of steps with cross-attention injection (P2P default 0.8)
 * @param self fraction of steps with self-attention injection in the conditional branch (P2P
 *     default 0.4)
 * @param unconditionalSelf fraction of steps with self-attention injection in the unconditional
 *     branch (P2Plus; 0 = plain P2P, StyleDiffusion recommends 0.5 for structural changes)
 */
public record InjectionSchedule(double cross, double self, double unconditionalSelf) {

  /** Validates the fractions. */
  public InjectionSchedule {
    check(cross, "cross");
    check(self, "self");
    check(unconditionalSelf, "unconditionalSelf");
  }

  private static void check(double v, String name) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " injection fraction must be in [0, 1], was " + v);
    }
  }

  /** Prompt-to-prompt's defaults: cross 0.8, self 0.4, no unconditional injection. */
  public static InjectionSchedule promptToPrompt() {
    return new InjectionSchedule(0.8, 0.4, 0.0);
  }

  /** No injection at all: the target is generated from its own prompt only. */
  public static InjectionSchedule none() {
    return new InjectionSchedule(0, 0, 0);
  }

  /** The same with P2Plus's unconditional self-attention injection. */
  public InjectionSchedule withUnconditionalSelf(double fraction) {
    return new InjectionSchedule(cross, self, fraction);
  }

  /** Cross-attention strength at step i of n: P2P's {@code int(tau * (n + 1))} boundary. */
  public float crossAt(int step, int steps) {
    return step < (int) (cross * (steps + 1)) ? 1f : 0f;
  }

  /** Conditional self-attention strength at step i of n: P2P's {@code int(tau * n)} boundary. */
  public float selfAt(int step, int steps) {
    return step < (int) (self * steps) ? 1f : 0f;
  }

  /** Unconditional self-attention strength at step i of n. */
  public float unconditionalSelfAt(int step, int steps) {
    return step < (int) (unconditionalSelf * steps) ? 1f : 0f;
  }
}

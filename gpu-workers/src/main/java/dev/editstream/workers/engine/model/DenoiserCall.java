package dev.editstream.workers.engine.model;

/** The denoiser calls a batching worker shares between jobs: the bundle's per-step signatures. */
public enum DenoiserCall {
  /** {@code denoise}: a job's rows are independent of each other. */
  DENOISE,
  /** {@code denoise_p2p}: target rows read their attention from source rows of the same job. */
  DENOISE_P2P,
  /** {@code eps_vjp_context}: null-text inversion's gradient, which dominates an edit's time. */
  EPS_VJP_CONTEXT;

  /** The bundle contract's name of the signature, e.g. {@code denoise_p2p}. */
  public String signature() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;

/**
 * Where a model's per-step calls go: straight to the bundle at the caller's batch size ({@link
 * BundleDenoiser}), or into a {@link StepBatcher} that runs them with other jobs' rows in a padded
 * layout. Rows are one latent, timestep and context each; outputs come back in the caller's rows.
 */
interface Denoiser {

  DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts);

  DenoiseOutput denoiseP2p(
      float[][] latents, int[] t, float[][] contexts, AttentionControl control);

  ContextGradient epsVjpContext(
      float[][] latents, int[] t, float[][] contexts, float[][] cotangents);
}

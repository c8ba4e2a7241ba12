package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.ModelBundle;

/** The bundle's own calls, one per call of the caller, at the caller's number of rows. */
final class BundleDenoiser implements Denoiser {

  private final ModelBundle bundle;
  private final int[] latentShape;
  private final int contextLength;
  private final int contextDim;

  BundleDenoiser(ModelBundle bundle, int[] latentShape, int contextLength, int contextDim) {
    this.bundle = bundle;
    this.latentShape = latentShape.clone();
    this.contextLength = contextLength;
    this.contextDim = contextDim;
  }

  @Override
  public DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts) {
    return bundle.denoise(latents(latents), t, contexts(contexts));
  }

  @Override
  public DenoiseOutput denoiseP2p(
      float[][] latents, int[] t, float[][] contexts, AttentionControl control) {
    return bundle.denoiseP2p(latents(latents), t, contexts(contexts), control);
  }

  @Override
  public ContextGradient epsVjpContext(
      float[][] latents, int[] t, float[][] contexts, float[][] cotangents) {
    return bundle.epsVjpContext(latents(latents), t, contexts(contexts), latents(cotangents));
  }

  private FloatTensor latents(float[][] rows) {
    int per = latentShape[0] * latentShape[1] * latentShape[2];
    return FloatTensor.of(
        concat(rows, per), rows.length, latentShape[0], latentShape[1], latentShape[2]);
  }

  private FloatTensor contexts(float[][] rows) {
    return FloatTensor.of(
        concat(rows, contextLength * contextDim), rows.length, contextLength, contextDim);
  }

  private static float[] concat(float[][] rows, int per) {
    float[] flat = new float[rows.length * per];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != per) {
        throw new IllegalArgumentException(
            "row " + r + " has " + rows[r].length + " floats, expected " + per);
      }
      System.arraycopy(rows[r], 0, flat, r * per, per);
    }
    return flat;
  }
}

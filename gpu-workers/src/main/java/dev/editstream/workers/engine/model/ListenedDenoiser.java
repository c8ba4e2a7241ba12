package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import java.util.function.Supplier;

/**
 * Unbatched calls told to a {@link DenoiserCallListener} as a batcher tells its own: each call is
 * one job's rows, unpadded. So the denoiser's meters mean the same with batching off and on.
 */
final class ListenedDenoiser implements Denoiser {

  private final Denoiser calls;
  private final DenoiserCallListener listener;

  ListenedDenoiser(Denoiser calls, DenoiserCallListener listener) {
    this.calls = calls;
    this.listener = listener;
  }

  @Override
  public DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts) {
    return timed(DenoiserCall.DENOISE, latents.length, () -> calls.denoise(latents, t, contexts));
  }

  @Override
  public DenoiseOutput denoiseP2p(
      float[][] latents, int[] t, float[][] contexts, AttentionControl control) {
    return timed(
        DenoiserCall.DENOISE_P2P,
        latents.length,
        () -> calls.denoiseP2p(latents, t, contexts, control));
  }

  @Override
  public ContextGradient epsVjpContext(
      float[][] latents, int[] t, float[][] contexts, float[][] cotangents) {
    return timed(
        DenoiserCall.EPS_VJP_CONTEXT,
        latents.length,
        () -> calls.epsVjpContext(latents, t, contexts, cotangents));
  }

  private <T> T timed(DenoiserCall call, int rows, Supplier<T> run) {
    long start = System.nanoTime();
    T out = run.get();
    listener.onCall(call, rows, rows, 1, System.nanoTime() - start);
    return out;
  }
}

package dev.editstream.models.train;

import dev.editstream.models.FloatTensor;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.TextEmbedding;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A minimal deterministic DDIM sampler (eta = 0) with classifier-free guidance, following Stable
 * Diffusion's conventions ("leading" timestep spacing, steps offset 1, final alpha = alpha-bar of
 * step 0). Only for evaluation: the engine has the full scheduler library.
 */
final class Ddim {
  private final ModelBundle bundle;
  private final double[] alphas;
  private final int steps;

  Ddim(ModelBundle bundle, int steps) {
    this.bundle = bundle;
    this.alphas = bundle.manifest().noiseSchedule().alphasCumprod();
    this.steps = steps;
  }

  /** The timesteps, high to low. */
  int[] timesteps() {
    int ratio = alphas.length / steps;
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      t[i] = (steps - 1 - i) * ratio + 1;
    }
    return t;
  }

  /** Samples one image per prompt from seeded Gaussian noise; returns (N, H, W, C) in [-1, 1]. */
  FloatTensor sample(List<String> prompts, float guidance, long seed) {
    int n = prompts.size();
    List<Integer> shape = bundle.manifest().latentShape();
    int per = shape.get(0) * shape.get(1) * shape.get(2);
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n * per];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    List<String> all = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add("");
    }
    all.addAll(prompts);
    TextEmbedding te = bundle.embedPrompts(all);
    int ratio = alphas.length / steps;
    for (int t : timesteps()) {
      FloatTensor xt = FloatTensor.of(x, n, shape.get(0), shape.get(1), shape.get(2));
      FloatTensor doubled = FloatTensor.concat(List.of(xt, xt));
      int[] ts = new int[2 * n];
      java.util.Arrays.fill(ts, t);
      FloatTensor eps = bundle.denoise(doubled, ts, te.context()).eps();
      double a = alphas[t];
      double aPrev = t - ratio >= 0 ? alphas[t - ratio] : alphas[0];
      for (int i = 0; i < n * per; i++) {
        float e = eps.get(i) + guidance * (eps.get(n * per + i) - eps.get(i));
        double x0 = (x[i] - Math.sqrt(1 - a) * e) / Math.sqrt(a);
        x[i] = (float) (Math.sqrt(aPrev) * x0 + Math.sqrt(1 - aPrev) * e);
      }
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(-1f, Math.min(1f, x[i]));
    }
    return FloatTensor.of(x, n, shape.get(0), shape.get(1), shape.get(2));
  }
}

package dev.editstream.models.train;

import dev.editstream.models.BundleManifest.NoiseSchedule;
import dev.editstream.models.Tokenizer;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training batches drawn from the world. Batch k depends only on (seed, k), so a resumed run sees
 * exactly the batches the interrupted one would have seen.
 */
final class Batches {
  static final int PIXELS = Renderer.SIZE * Renderer.SIZE * 3;

  /** Probability that a caption leaves out an object's size word. */
  static final double DROP_SIZE = 0.2;

  /**
   * Probability that a two-object scene is followed in a contrastive batch by its binding twin
   * (colours exchanged). Without such pairs a caption's pooled embedding is a bag of words: "a red
   * circle and a blue square" and "a blue circle and a red square" embed at cosine 0.998, and
   * image-to-caption matching confuses them in a third of two-object scenes.
   */
  static final double BINDING_TWIN = 0.5;

  /** Probability that the UNet sees the empty prompt (classifier-free guidance). */
  static final double EMPTY_PROMPT = 0.1;

  private final World world;
  private final Tokenizer tokenizer;
  private final int batch;

  Batches(long seed, Tokenizer tokenizer, int batch) {
    this.world = new World(seed);
    this.tokenizer = tokenizer;
    this.batch = batch;
  }

  /**
   * A contrastive batch.
   *
   * @param ids (B, L) token ids
   * @param images (B, 32, 32, 3)
   * @param targets (B, B) row-normalised caption-equality matrix (duplicates are positives)
   */
  record Contrastive(int[] ids, float[] images, float[] targets) {}

  /**
   * A denoising batch.
   *
   * @param ids (B, L) token ids, ~10% the empty prompt
   * @param noisy x_t (B, 32, 32, 3)
   * @param t timesteps (B)
   * @param eps the noise added (B, 32, 32, 3)
   */
  record Denoising(int[] ids, float[] noisy, int[] t, float[] eps) {}

  Contrastive contrastive(long k) {
    SplittableRandom rnd = world.random(k);
    int l = tokenizer.contextLength();
    int[] ids = new int[batch * l];
    float[] images = new float[batch * PIXELS];
    Scene twin = null;
    for (int b = 0; b < batch; b++) {
      Scene s = twin != null ? twin : World.sample(rnd);
      twin = twin == null && rnd.nextDouble() < BINDING_TWIN ? s.bindingTwin().orElse(null) : null;
      System.arraycopy(caption(s, rnd), 0, ids, b * l, l);
      System.arraycopy(Renderer.render(s), 0, images, b * PIXELS, PIXELS);
    }
    float[] targets = new float[batch * batch];
    for (int i = 0; i < batch; i++) {
      int same = 0;
      for (int j = 0; j < batch; j++) {
        if (Arrays.equals(ids, i * l, (i + 1) * l, ids, j * l, (j + 1) * l)) {
          targets[i * batch + j] = 1;
          same++;
        }
      }
      for (int j = 0; j < batch; j++) {
        targets[i * batch + j] /= same;
      }
    }
    return new Contrastive(ids, images, targets);
  }

  Denoising denoising(long k, double[] alphasCumprod) {
    SplittableRandom rnd = world.random(k);
    int l = tokenizer.contextLength();
    int[] ids = new int[batch * l];
    float[] noisy = new float[batch * PIXELS];
    float[] eps = new float[batch * PIXELS];
    int[] t = new int[batch];
    int[] empty = tokenizer.encode("");
    for (int b = 0; b < batch; b++) {
      Scene s = World.sample(rnd);
      int[] tokens = rnd.nextDouble() < EMPTY_PROMPT ? empty : caption(s, rnd);
      System.arraycopy(tokens, 0, ids, b * l, l);
      float[] x0 = Renderer.render(s);
      t[b] = rnd.nextInt(alphasCumprod.length);
      float a = (float) Math.sqrt(alphasCumprod[t[b]]);
      float sigma = (float) Math.sqrt(1 - alphasCumprod[t[b]]);
      for (int i = 0; i < PIXELS; i++) {
        float e = (float) rnd.nextGaussian();
        eps[b * PIXELS + i] = e;
        noisy[b * PIXELS + i] = a * x0[i] + sigma * e;
      }
    }
    return new Denoising(ids, noisy, t, eps);
  }

  private int[] caption(Scene s, SplittableRandom rnd) {
    boolean first = rnd.nextDouble() >= DROP_SIZE;
    boolean second = rnd.nextDouble() >= DROP_SIZE;
    return tokenizer.encode(s.caption(first, second));
  }

  /** The schedule every trained bundle records: Stable Diffusion's scaled-linear betas. */
  static NoiseSchedule schedule() {
    return new NoiseSchedule("scaled_linear", 0.00085, 0.012, 1000, "epsilon");
  }
}

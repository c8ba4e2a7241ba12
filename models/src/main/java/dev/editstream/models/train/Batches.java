package dev.editstream.models.train;

import dev.editstream.editing.BundleManifest.NoiseSchedule;
import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.models.world.World;
import java.util.Arrays;
import java.util.Optional;
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
   * Probability that a scene is followed in a contrastive batch by a hard negative: the same scene
   * with one thing changed (see {@link #hardNegative}). Random batches almost never hold two scenes
   * that differ in one word, so without these the pooled embedding stays a bag of words: the v1
   * encoders embed a caption and the same caption with two objects' colours exchanged at cosine
   * 0.998, and miss the second object's shape or binding in a third of two-object captions.
   */
  static final double HARD_NEGATIVE = 0.5;

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
    Scene next = null;
    for (int b = 0; b < batch; b++) {
      Scene s = next != null ? next : World.sample(rnd);
      next = next == null && rnd.nextDouble() < HARD_NEGATIVE ? hardNegative(s, rnd) : null;
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

  /**
   * The scene with one change: its two objects' colours exchanged (half the time, when that is a
   * different scene), or one object's shape, colour or size, or the background.
   */
  static Scene hardNegative(Scene s, SplittableRandom rnd) {
    int i = rnd.nextInt(s.objects().size());
    SceneObject o = s.objects().get(i);
    // exchanges get half of the eligible draws: binding is what a bag of words cannot learn
    Optional<Scene> twin = s.bindingTwin();
    if (twin.isPresent() && rnd.nextBoolean()) {
      return twin.get();
    }
    int kind = 1 + rnd.nextInt(4);
    return switch (kind) {
      case 1 -> s.withShape(i, other(rnd, Shape.values(), o.shape()));
      case 2 -> s.withSize(i, other(rnd, Size.values(), o.size()));
      case 3 -> {
        Colour bg = other(rnd, Colour.backgroundColours().toArray(Colour[]::new), s.background());
        yield s.objects().stream().anyMatch(x -> x.colour() == bg) ? s : s.withBackground(bg);
      }
      default -> {
        Colour[] options =
            Colour.objectColours().stream().filter(c -> c != s.background()).toArray(Colour[]::new);
        yield s.withObjectColour(i, other(rnd, options, o.colour()));
      }
    };
  }

  private static <T> T other(SplittableRandom rnd, T[] values, T current) {
    T v;
    do {
      v = values[rnd.nextInt(values.length)];
    } while (v == current);
    return v;
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

package dev.editstream.workers.engine.inversion;

import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.workers.engine.control.CrossAttentionMaps;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;
import dev.editstream.workers.engine.schedule.DdimScheduler;
import dev.editstream.workers.engine.schedule.DdimStep;
import dev.editstream.workers.engine.schedule.Guidance;
import dev.editstream.workers.engine.schedule.Scheduler;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes inversions. DDIM inversion runs the inverse scheduler with the conditional branch only
 * (guidance 1), recording the latent trajectory and the source's cross-attention maps. Null-text
 * inversion then retraces the trajectory with guided sampling and, per step, optimises the
 * unconditional context with Adam so that each guided DDIM step lands on the recorded latent; the
 * gradient comes from {@code eps_vjp_context} with the cotangent computed here. Stateless apart
 * from the model: safe for concurrent use.
 */
public final class Inverter {
  private static final Logger LOG = LoggerFactory.getLogger(Inverter.class);

  private final DiffusionModel model;

  /** An inverter over a model. */
  public Inverter(DiffusionModel model) {
    this.model = model;
  }

  /** The SHA-256 an inversion records for an image: over its size and raw float bits. */
  public static String imageSha256(RgbImage image) {
    float[] p = image.pixels();
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * p.length);
    b.putInt(image.height()).putInt(image.width());
    for (float v : p) {
      b.putInt(Float.floatToRawIntBits(v));
    }
    return Sha256.hex(b.array());
  }

  /** The parameters for inverting with this model's scheduler. */
  public InversionParameters parameters(
      InversionMethod method, String prompt, int steps, Guidance guidance, NullTextSettings s) {
    return new InversionParameters(
        method,
        guidance,
        steps,
        model.scheduleConfig(),
        prompt,
        model.tokenizer().encode(prompt),
        s);
  }

  /** Inverts an image with its caption, keyed by {@link #imageSha256} of these pixels. */
  public Inversion invert(RgbImage image, InversionParameters p) {
    return invert(image, p, StepListener.none());
  }

  /**
   * As {@link #invert(RgbImage, String, InversionParameters, StepListener)}, keyed by these pixels.
   */
  public Inversion invert(RgbImage image, InversionParameters p, StepListener listener) {
    return invert(image, imageSha256(image), p, listener);
  }

  /**
   * Inverts an image with its caption, telling {@code listener} of every DDIM inversion step
   * ({@link StepPhase#INVERSION}) and, for null-text, of every optimised step ({@link
   * StepPhase#NULL_TEXT}); whatever the listener throws propagates, and nothing is kept.
   *
   * @param image the source at the model's resolution
   * @param imageHash what the inversion is keyed by: the source's {@link
   *     dev.editstream.schemas.keys.ImageHash} when the key must be the contract's
   */
  public Inversion invert(
      RgbImage image, String imageHash, InversionParameters p, StepListener listener) {
    if (!p.schedule().equals(model.scheduleConfig())) {
      throw new IllegalArgumentException(
          "inversion scheduler "
              + p.schedule().canonical()
              + " differs from the model's "
              + model.scheduleConfig().canonical());
    }
    long start = System.nanoTime();
    DdimScheduler sampler = DdimScheduler.of(model.schedule(), p.steps());
    float[] context = model.embedTokens(new int[][] {p.sourceTokens()}).context().values();
    float[][] trajectory = new float[p.steps() + 1][];
    trajectory[0] = model.encode(image);
    int res = CrossAttentionMaps.resolution(model.manifest());
    float[][] attention = new float[model.contextLength()][res * res];
    Scheduler inverse = sampler.inverse();
    listener.onStep(StepPhase.INVERSION, 0, inverse.size());
    for (int k = 0; k < inverse.size(); k++) {
      DdimStep s = inverse.step(k);
      DenoiseOutput out =
          model.denoise(
              new float[][] {trajectory[k]}, new int[] {s.timestep()}, new float[][] {context});
      trajectory[k + 1] = s.apply(trajectory[k], out.eps().values());
      CrossAttentionMaps.accumulate(attention, CrossAttentionMaps.of(model.manifest(), out, 0));
      listener.onStep(StepPhase.INVERSION, k + 1, inverse.size());
    }
    for (float[] m : attention) {
      for (int i = 0; i < m.length; i++) {
        m[i] /= inverse.size();
      }
    }
    float[][] nulls =
        p.method() == InversionMethod.NULL_TEXT
            ? optimiseNullText(sampler, trajectory, context, p, listener)
            : new float[0][];
    Inversion inv =
        new Inversion(
            p,
            imageHash,
            model.bundleSha256(),
            model.latentShape(),
            trajectory,
            nulls,
            res,
            attention);
    LOG.info(
        "inverted image {} as {} ({} steps, w={}) in {} ms: key {}",
        inv.imageHash().substring(0, 12),
        p.method(),
        p.steps(),
        p.guidance().scale(),
        (System.nanoTime() - start) / 1_000_000,
        inv.key());
    return inv;
  }

  /** Null-text optimisation along a DDIM trajectory; returns the per-sampling-step contexts. */
  private float[][] optimiseNullText(
      DdimScheduler sampler,
      float[][] trajectory,
      float[] cond,
      InversionParameters p,
      StepListener listener) {
    NullTextSettings s = p.nullText();
    Guidance g = p.guidance();
    int n = p.steps();
    float[] uncond = model.emptyContext();
    float[] z = trajectory[n].clone();
    float[][] nulls = new float[n][];
    int totalIterations = 0;
    listener.onStep(StepPhase.NULL_TEXT, 0, n);
    for (int i = 0; i < n; i++) {
      DdimStep step = sampler.step(i);
      float[] target = trajectory[n - 1 - i];
      int t = step.timestep();
      DenoiseOutput both =
          model.denoise(new float[][] {z, z}, new int[] {t, t}, new float[][] {uncond, cond});
      float[][] eps = DiffusionModel.split(both.eps().values(), 2);
      float[] epsUncond = eps[0];
      float[] epsCond = eps[1];
      Adam adam = new Adam(uncond.length, s.learningRateAt(i), s);
      for (int k = 0; k < s.innerSteps(); k++) {
        float[] next = step.apply(z, g.combine(epsUncond, epsCond));
        double loss = 0;
        float[] cot = new float[next.length];
        // d(mean((next - target)^2)) / d(eps_uncond) = 2/N (next - target) * c_eps * (1 - w)
        double chain = 2.0 / next.length * step.noiseCoefficient() * g.unconditionalWeight();
        for (int j = 0; j < next.length; j++) {
          double d = next[j] - target[j];
          loss += d * d;
          cot[j] = (float) (chain * d);
        }
        loss /= next.length;
        ContextGradient grad = model.epsVjpContext(z, t, uncond, cot);
        adam.step(uncond, grad.dContext().values());
        epsUncond =
            model.denoise(new float[][] {z}, new int[] {t}, new float[][] {uncond}).eps().values();
        totalIterations++;
        if (loss < s.earlyStopAt(i)) {
          break;
        }
      }
      nulls[i] = uncond.clone();
      z = step.apply(z, g.combine(epsUncond, epsCond));
      listener.onStep(StepPhase.NULL_TEXT, i + 1, n);
    }
    LOG.debug("null-text optimisation: {} Adam iterations over {} steps", totalIterations, n);
    return nulls;
  }
}

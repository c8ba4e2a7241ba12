package dev.editstream.workers.engine.edit;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import dev.editstream.workers.engine.control.CrossAttentionMaps;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.control.TokenAlignment;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;
import dev.editstream.workers.engine.schedule.DdimStep;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One guided DDIM sampling loop over a batch of up to four rows: the unconditional and conditional
 * branches of an optional source and of the target. Per step it builds the prompt-to-prompt
 * control, combines the branches with guidance, steps both latents, then applies local blending and
 * the user mask to the target, and tells its listener of the step. A run is used once, by one
 * thread.
 */
final class SamplingRun {
  private final DiffusionModel model;
  private final List<DdimStep> steps;
  private final Guidance guidance;
  private final boolean hasSource;
  private final boolean unconditional;
  private final int rows;
  private final int uncondSource;
  private final int uncondTarget;
  private final int condSource;
  private final int condTarget;

  private float[] xSource;
  private float[] xTarget;
  private float[] contextSource;
  private float[] contextTarget;
  private IntFunction<float[]> nullContext;
  private TokenAlignment alignment;
  private InjectionSchedule injection = InjectionSchedule.none();
  private LocalBlend blend;
  private int[] blendSourceTokens;
  private int[] blendTargetTokens;
  private int[] objectTokens;
  private int[] otherTokens;
  private float[] userMask;
  private Mask lastBlendMask;
  private StepListener listener = StepListener.none();
  private int calls;

  SamplingRun(DiffusionModel model, List<DdimStep> steps, Guidance guidance, boolean hasSource) {
    this.model = model;
    this.steps = steps;
    this.guidance = guidance;
    this.hasSource = hasSource;
    this.unconditional = guidance.needsUnconditional();
    int r = 0;
    uncondSource = unconditional && hasSource ? r++ : -1;
    uncondTarget = unconditional ? r++ : -1;
    condSource = hasSource ? r++ : -1;
    condTarget = r++;
    rows = r;
  }

  SamplingRun start(float[] source, float[] target) {
    xSource = source == null ? null : source.clone();
    xTarget = target.clone();
    return this;
  }

  SamplingRun contexts(float[] source, float[] target, IntFunction<float[]> nulls) {
    contextSource = source;
    contextTarget = target;
    nullContext = nulls;
    return this;
  }

  SamplingRun control(TokenAlignment a, InjectionSchedule s) {
    alignment = a;
    injection = s;
    return this;
  }

  SamplingRun localBlend(LocalBlend b, int[] sourceTokens, int[] targetTokens) {
    blend = b;
    blendSourceTokens = sourceTokens;
    blendTargetTokens = targetTokens;
    return this;
  }

  /** Narrows the blend to where the object's tokens out-attend the other objects'. */
  SamplingRun blendSeparation(int[] object, int[] others) {
    objectTokens = object;
    otherTokens = others;
    return this;
  }

  SamplingRun userMask(Mask m) {
    int[] s = model.latentShape();
    Mask latent = m.resized(s[0], s[1]);
    userMask = new float[model.latentSize()];
    for (int p = 0; p < s[0] * s[1]; p++) {
      for (int c = 0; c < s[2]; c++) {
        userMask[p * s[2] + c] = latent.get(p / s[1], p % s[1]);
      }
    }
    return this;
  }

  /** Tells {@code l} of every sampling step. */
  SamplingRun listener(StepListener l) {
    listener = l;
    return this;
  }

  float[] source() {
    return xSource;
  }

  float[] target() {
    return xTarget;
  }

  Mask lastBlendMask() {
    return lastBlendMask;
  }

  int calls() {
    return calls;
  }

  SamplingRun run() {
    int n = steps.size();
    int res = blend == null ? 0 : CrossAttentionMaps.resolution(model.manifest());
    float[][] mapsSource = blend == null ? null : new float[model.contextLength()][res * res];
    float[][] mapsTarget = blend == null ? null : new float[model.contextLength()][res * res];
    listener.onStep(StepPhase.SAMPLING, 0, n);
    for (int i = 0; i < n; i++) {
      DdimStep step = steps.get(i);
      DenoiseOutput out = denoise(i, step.timestep());
      calls++;
      float[][] eps = DiffusionModel.split(out.eps().values(), rows);
      xTarget = step.apply(xTarget, guided(eps, uncondTarget, condTarget));
      if (hasSource) {
        xSource = step.apply(xSource, guided(eps, uncondSource, condSource));
      }
      if (blend != null) {
        CrossAttentionMaps.accumulate(
            mapsSource, CrossAttentionMaps.of(model.manifest(), out, condSource));
        CrossAttentionMaps.accumulate(
            mapsTarget, CrossAttentionMaps.of(model.manifest(), out, condTarget));
        if (blend.activeAfter(i, n)) {
          int[] s = model.latentShape();
          lastBlendMask =
              blend.mask(
                  mapsSource, blendSourceTokens, mapsTarget, blendTargetTokens, res, s[0], s[1]);
          if (objectTokens != null) {
            lastBlendMask =
                blend.separated(lastBlendMask, mapsSource, objectTokens, otherTokens, res);
          }
          blendInto(lastBlendMask);
        }
      }
      if (userMask != null) {
        for (int j = 0; j < xTarget.length; j++) {
          xTarget[j] = xSource[j] + userMask[j] * (xTarget[j] - xSource[j]);
        }
      }
      listener.onStep(StepPhase.SAMPLING, i + 1, n);
    }
    return this;
  }

  private void blendInto(Mask mask) {
    int c = model.latentShape()[2];
    for (int j = 0; j < xTarget.length; j++) {
      float m = mask.get((j / c) / mask.width(), (j / c) % mask.width());
      xTarget[j] = xSource[j] + m * (xTarget[j] - xSource[j]);
    }
  }

  private float[] guided(float[][] eps, int uncondRow, int condRow) {
    return unconditional ? guidance.combine(eps[uncondRow], eps[condRow]) : eps[condRow];
  }

  private DenoiseOutput denoise(int i, int t) {
    float[][] latents = new float[rows][];
    float[][] contexts = new float[rows][];
    int[] ts = new int[rows];
    java.util.Arrays.fill(ts, t);
    float[] nulls = unconditional ? nullContext.apply(i) : null;
    if (uncondSource >= 0) {
      latents[uncondSource] = xSource;
      contexts[uncondSource] = nulls;
    }
    if (uncondTarget >= 0) {
      latents[uncondTarget] = xTarget;
      contexts[uncondTarget] = nulls;
    }
    if (condSource >= 0) {
      latents[condSource] = xSource;
      contexts[condSource] = contextSource;
    }
    latents[condTarget] = xTarget;
    contexts[condTarget] = contextTarget;
    if (!hasSource || alignment == null) {
      return model.denoise(latents, ts, contexts);
    }
    return model.denoiseP2p(latents, ts, contexts, control(i));
  }

  /** The prompt-to-prompt control for step i: only the target rows read from the source rows. */
  private AttentionControl control(int i) {
    int n = steps.size();
    int length = model.contextLength();
    int[] sourceIndex = new int[rows];
    float[] map = new float[rows * length * length];
    float[] alpha = new float[rows * length];
    float[] cross = new float[rows];
    float[] self = new float[rows];
    for (int r = 0; r < rows; r++) {
      sourceIndex[r] = r;
      for (int k = 0; k < length; k++) {
        map[(r * length + k) * length + k] = 1f;
      }
    }
    sourceIndex[condTarget] = condSource;
    System.arraycopy(alignment.map(), 0, map, condTarget * length * length, length * length);
    System.arraycopy(alignment.alpha(), 0, alpha, condTarget * length, length);
    cross[condTarget] = injection.crossAt(i, n);
    self[condTarget] = injection.selfAt(i, n);
    if (uncondTarget >= 0) {
      sourceIndex[uncondTarget] = uncondSource;
      self[uncondTarget] = injection.unconditionalSelfAt(i, n);
    }
    return new AttentionControl(
        sourceIndex,
        FloatTensor.of(map, rows, length, length),
        FloatTensor.of(alpha, rows, length),
        cross,
        self);
  }
}

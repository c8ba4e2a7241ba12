package dev.editstream.workers.engine.model;

import dev.editstream.editing.BundleManifest;
import dev.editstream.editing.Tokenizer;
import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.IntTensor;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.TextEmbedding;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.schedule.BetaSchedule;
import dev.editstream.workers.engine.schedule.NoiseSchedule;
import dev.editstream.workers.engine.schedule.ScheduleConfig;
import dev.editstream.workers.engine.schedule.TimestepSpacing;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A model bundle as the engine calls it. Thread-safe: it holds only the bundle, derived constants,
 * the bundle's {@link CallGate} and cumulative counters ({@link #modelNanos()}, {@link #calls()})
 * of the model calls made through it, which benchmarks read to report the share of time outside
 * TensorFlow. A {@link #metered()} view counts one job's calls on their own.
 */
public final class DiffusionModel {
  private final ModelBundle bundle;
  private final BundleManifest manifest;
  private final ScheduleConfig scheduleConfig;
  private final NoiseSchedule schedule;
  private final int latentSize;
  private final CallGate gate;
  private final DiffusionModel parent;
  private final LongAdder modelNanos = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final float[] emptyContext;
  private final Denoiser denoiser;
  private final StepBatcher batcher;

  /** Wraps a loaded bundle; DDIM uses SD's conventions (offset 1, alpha-to-one false, leading). */
  public DiffusionModel(ModelBundle bundle) {
    this(bundle, TimestepSpacing.LEADING);
  }

  /** Wraps a loaded bundle with a chosen timestep spacing. */
  public DiffusionModel(ModelBundle bundle, TimestepSpacing spacing) {
    this.bundle = bundle;
    this.manifest = bundle.manifest();
    BundleManifest.NoiseSchedule ns = manifest.noiseSchedule();
    if (!"epsilon".equals(ns.predictionType())) {
      throw new IllegalArgumentException(
          "the engine needs an epsilon-predicting model, bundle predicts " + ns.predictionType());
    }
    this.scheduleConfig =
        new ScheduleConfig(
            ns.trainTimesteps(),
            ns.betaStart(),
            ns.betaEnd(),
            BetaSchedule.parse(ns.schedule()),
            1,
            false,
            spacing);
    this.schedule = NoiseSchedule.of(scheduleConfig);
    List<Integer> l = manifest.latentShape();
    this.latentSize = l.get(0) * l.get(1) * l.get(2);
    this.gate = new CallGate(manifest.name() + " " + manifest.version());
    this.parent = null;
    this.denoiser =
        new BundleDenoiser(bundle, latentShape(), manifest.contextLength(), manifest.contextDim());
    this.batcher = null;
    this.emptyContext = context("");
  }

  private DiffusionModel(DiffusionModel parent, Denoiser denoiser, StepBatcher batcher) {
    this.bundle = parent.bundle;
    this.manifest = parent.manifest;
    this.scheduleConfig = parent.scheduleConfig;
    this.schedule = parent.schedule;
    this.latentSize = parent.latentSize;
    this.gate = parent.gate;
    this.parent = parent;
    this.emptyContext = parent.emptyContext;
    this.denoiser = denoiser;
    this.batcher = batcher;
  }

  /**
   * Starts a {@link StepBatcher} on this model's bundle and returns the model whose denoiser calls
   * go through it; the caller closes the batcher (before the bundle). With batching off, a model
   * whose calls run directly, told to the listener one by one, and no batcher.
   */
  public Batched batched(BatchSettings settings, DenoiserCallListener listener) {
    if (!settings.enabled()) {
      return new Batched(
          new DiffusionModel(this, new ListenedDenoiser(unbatched().denoiser, listener), null),
          null);
    }
    StepBatcher b =
        new StepBatcher(
            unbatched().denoiser,
            settings,
            listener,
            latentSize,
            contextLength(),
            contextDim(),
            manifest.name());
    return new Batched(new DiffusionModel(this, b.calls, b), b);
  }

  /**
   * A model whose calls run through a batcher, and the batcher (null with batching off).
   *
   * @param model the model to call
   * @param batcher its batcher, which the caller closes
   */
  public record Batched(DiffusionModel model, StepBatcher batcher) {}

  /** The batcher this model's denoiser calls go through, if any. */
  public java.util.Optional<StepBatcher> batcher() {
    return java.util.Optional.ofNullable(batcher);
  }

  /** The same model calling the bundle directly, at the caller's rows, whatever this one does. */
  DiffusionModel unbatched() {
    DiffusionModel root = this;
    while (root.parent != null) {
      root = root.parent;
    }
    return root;
  }

  /**
   * A view of this model for one job: the same bundle, gate and constants, with counters of its own
   * (calls through the view also count in this model's). Cheap; not meant to be shared.
   */
  public DiffusionModel metered() {
    return new DiffusionModel(this, denoiser, batcher);
  }

  /**
   * The gate every call passes through (shared with every {@link #metered()} view): the bundle's
   * owner closes the bundle through it, which is refused while a call is in flight.
   */
  public CallGate gate() {
    return gate;
  }

  /** The context of the empty prompt (the plain unconditional branch), computed once. */
  public float[] emptyContext() {
    return emptyContext.clone();
  }

  /** The bundle's manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The bundle's tokenizer. */
  public Tokenizer tokenizer() {
    return bundle.tokenizer();
  }

  /** SHA-256 of the bundle's variables: the model's identity in inversion keys. */
  public String bundleSha256() {
    return manifest.variablesSha256();
  }

  /** The scheduler configuration the engine samples this model with. */
  public ScheduleConfig scheduleConfig() {
    return scheduleConfig;
  }

  /** The noise schedule. */
  public NoiseSchedule schedule() {
    return schedule;
  }

  /** The latent's (H, W, C). */
  public int[] latentShape() {
    List<Integer> l = manifest.latentShape();
    return new int[] {l.get(0), l.get(1), l.get(2)};
  }

  /** Floats per latent. */
  public int latentSize() {
    return latentSize;
  }

  /** Context length L. */
  public int contextLength() {
    return manifest.contextLength();
  }

  /** Context width D. */
  public int contextDim() {
    return manifest.contextDim();
  }

  /** Nanoseconds spent inside model calls so far, over all threads. */
  public long modelNanos() {
    return modelNanos.sum();
  }

  /** Model calls (one per bundle signature call) made so far, over all threads. */
  public long calls() {
    return calls.sum();
  }

  private <T> T timed(Supplier<T> call) {
    try (CallGate.Pass pass = gate.enter()) {
      long start = System.nanoTime();
      try {
        return call.get();
      } finally {
        count(System.nanoTime() - start);
      }
    }
  }

  private void count(long nanos) {
    modelNanos.add(nanos);
    calls.increment();
    if (parent != null) {
      parent.count(nanos);
    }
  }

  /** The text embedding of prompts (context rows of L·D floats and pooled rows). */
  public TextEmbedding embed(List<String> prompts) {
    int[][] rows = prompts.stream().map(bundle.tokenizer()::encode).toArray(int[][]::new);
    return embedTokens(rows);
  }

  /** The text embedding of token rows. */
  public TextEmbedding embedTokens(int[][] rows) {
    return timed(() -> bundle.embedText(IntTensor.ofRows(rows)));
  }

  /** The context (L·D floats) of one prompt. */
  public float[] context(String prompt) {
    return embed(List.of(prompt)).context().values();
  }

  /** Projected image embeddings of images. */
  public float[][] embedImages(List<RgbImage> images) {
    FloatTensor out = timed(() -> bundle.embedImage(stackImages(images)));
    return split(out.values(), images.size());
  }

  /** The latent of an image. */
  public float[] encode(RgbImage image) {
    return timed(() -> bundle.encode(stackImages(List.of(image)))).values();
  }

  /** The image of a latent. */
  public RgbImage decode(float[] latent) {
    int[] s = latentShape();
    FloatTensor img = timed(() -> bundle.decode(FloatTensor.of(latent, 1, s[0], s[1], s[2])));
    int size = manifest.imageSize();
    return RgbImage.fromModelRange(size, size, img.values());
  }

  /** The text projection W_t, (D, E) row-major. */
  public FloatTensor textProjection() {
    return timed(bundle::textProjection);
  }

  /** {@code denoise} on rows of latents, timesteps and contexts. */
  public DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts) {
    return timed(() -> denoiser.denoise(latents, t, contexts));
  }

  /** {@code denoise_p2p} on rows of latents, timesteps and contexts under a control. */
  public DenoiseOutput denoiseP2p(
      float[][] latents, int[] t, float[][] contexts, AttentionControl control) {
    return timed(() -> denoiser.denoiseP2p(latents, t, contexts, control));
  }

  /** {@code eps_vjp_context} for one row. */
  public ContextGradient epsVjpContext(float[] latent, int t, float[] context, float[] cotangent) {
    return epsVjpContext(
        new float[][] {latent}, new int[] {t}, new float[][] {context}, new float[][] {cotangent});
  }

  /**
   * {@code eps_vjp_context} on rows: each row's gradient depends on its own row only, so the rows
   * of several inversions can share one call.
   */
  public ContextGradient epsVjpContext(
      float[][] latents, int[] t, float[][] contexts, float[][] cotangents) {
    return timed(() -> denoiser.epsVjpContext(latents, t, contexts, cotangents));
  }

  /** Splits a flat row-major batch into rows. */
  public static float[][] split(float[] flat, int rows) {
    int per = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(flat, r * per, (r + 1) * per);
    }
    return out;
  }

  private FloatTensor stackImages(List<RgbImage> images) {
    int size = manifest.imageSize();
    float[] flat = new float[images.size() * size * size * 3];
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      if (img.height() != size || img.width() != size) {
        throw new IllegalArgumentException(
            "the bundle takes " + size + "x" + size + " images, got " + img);
      }
      System.arraycopy(img.toModelRange(), 0, flat, i * size * size * 3, size * size * 3);
    }
    return FloatTensor.of(flat, images.size(), size, size, 3);
  }
}

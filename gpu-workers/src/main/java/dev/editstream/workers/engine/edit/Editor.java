package dev.editstream.workers.engine.edit;

import dev.editstream.editing.Tokenizer;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.workers.engine.control.TokenAlignment;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.schedule.DdimScheduler;
import dev.editstream.workers.engine.schedule.DdimStep;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs edits. Every method takes everything it needs as arguments (an inversion is a value), so one
 * editor serves concurrent requests; results depend only on the arguments and the model.
 */
public final class Editor {
  private static final Logger LOG = LoggerFactory.getLogger(Editor.class);

  private final DiffusionModel model;

  /** An editor over a model. */
  public Editor(DiffusionModel model) {
    this.model = model;
  }

  /**
   * Edits an inverted image: the source branch re-generates the inversion (with its null-text
   * embeddings when it has them), the target branch follows the target prompt under the edit's
   * attention control and blending.
   *
   * @throws EditException for a user error the edit holds: {@link
   *     ReasonCode#REPLACE_WORD_COUNT_MISMATCH}, {@link ReasonCode#MASK_WORD_NOT_IN_CAPTION} (a
   *     blend or separation word the source prompt lacks), {@link ReasonCode#EDIT_INCONSISTENT} (a
   *     blend or re-weighted word the target prompt lacks), or a tokenizer code
   */
  public EditResult edit(Inversion inv, PromptEdit e) {
    return edit(inv, e, StepListener.none());
  }

  /**
   * {@link #edit(Inversion, PromptEdit)}, telling {@code listener} of every sampling step; whatever
   * the listener throws propagates.
   */
  public EditResult edit(Inversion inv, PromptEdit e, StepListener listener) {
    requireSameModel(inv);
    if (inv.hasNullEmbeddings() && !inv.parameters().guidance().equals(e.guidance())) {
      LOG.warn(
          "editing {} at guidance {} but its null-text embeddings were optimised for {}",
          inv.key(),
          e.guidance().scale(),
          inv.parameters().guidance().scale());
    }
    long start = System.nanoTime();
    String source = inv.parameters().sourcePrompt();
    TokenAlignment alignment = alignment(source, e);
    e.localBlend().ifPresent(b -> checkBlendWords(b, source, e.targetPrompt()));
    DdimScheduler sampler = DdimScheduler.of(model.schedule(), inv.steps());
    boolean withSource = e.needsSource();
    SamplingRun run =
        new SamplingRun(model, sampler.steps(), e.guidance(), withSource)
            .start(withSource ? inv.latent(inv.steps()) : null, inv.latent(inv.steps()))
            .contexts(
                model.embedTokens(new int[][] {inv.parameters().sourceTokens()}).context().values(),
                model.context(e.targetPrompt()),
                nullContexts(inv));
    if (alignment != null) {
      run.control(alignment, e.injection());
    }
    e.localBlend().ifPresent(b -> blend(run, b, source, e.targetPrompt()));
    e.userMask().ifPresent(run::userMask);
    run.listener(listener).run();
    EditResult result =
        new EditResult(
            model.decode(run.target()),
            withSource ? Optional.of(model.decode(run.source())) : Optional.empty(),
            Optional.ofNullable(run.lastBlendMask()),
            run.calls());
    LOG.debug(
        "edited {} towards '{}' in {} ms ({} model calls)",
        inv.key(),
        e.targetPrompt(),
        (System.nanoTime() - start) / 1_000_000,
        run.calls());
    return result;
  }

  /**
   * Checks an edit of an image captioned {@code sourcePrompt} without any model call: refuses what
   * {@link #edit(Inversion, PromptEdit)} would refuse as a user error, with the same codes, so a
   * caller can refuse it before spending an inversion on it.
   *
   * @throws EditException the user error, as {@link #edit(Inversion, PromptEdit)} documents
   */
  public void check(String sourcePrompt, PromptEdit e) {
    Tokenizer tok = model.tokenizer();
    tok.encode(sourcePrompt);
    tok.encode(e.targetPrompt());
    alignment(sourcePrompt, e);
    e.localBlend().ifPresent(b -> checkBlendWords(b, sourcePrompt, e.targetPrompt()));
  }

  /** The attention control's token alignment, or null when the edit injects nothing. */
  private TokenAlignment alignment(String source, PromptEdit e) {
    boolean injects =
        e.injection().cross() > 0
            || e.injection().self() > 0
            || e.injection().unconditionalSelf() > 0;
    if (!e.needsSource() || !injects) {
      return null;
    }
    Tokenizer tok = model.tokenizer();
    TokenAlignment a =
        switch (e.alignment()) {
          case REPLACE -> TokenAlignment.replace(tok, source, e.targetPrompt());
          case REFINE -> TokenAlignment.refine(tok, source, e.targetPrompt());
        };
    return e.reweight().isEmpty() ? a : a.reweighted(tok, e.targetPrompt(), e.reweight());
  }

  /** Regenerates an inversion without an edit, under a guidance scale: its reconstruction. */
  public RgbImage reconstruct(Inversion inv, Guidance guidance) {
    requireSameModel(inv);
    DdimScheduler sampler = DdimScheduler.of(model.schedule(), inv.steps());
    float[] cond =
        model.embedTokens(new int[][] {inv.parameters().sourceTokens()}).context().values();
    SamplingRun run =
        new SamplingRun(model, sampler.steps(), guidance, false)
            .start(null, inv.latent(inv.steps()))
            .contexts(null, cond, nullContexts(inv))
            .run();
    return model.decode(run.target());
  }

  /**
   * SDEdit: noise the image part of the way (seeded) and denoise towards the target prompt.
   *
   * @throws EditException {@link ReasonCode#STRENGTH_TOO_LOW_FOR_STEPS} when {@code floor(steps ·
   *     strength)} is 0, or a tokenizer code for the target prompt
   */
  public EditResult sdEdit(RgbImage image, SdEdit e) {
    return sdEdit(image, e, StepListener.none());
  }

  /** {@link #sdEdit(RgbImage, SdEdit)}, telling {@code listener} of every sampling step. */
  public EditResult sdEdit(RgbImage image, SdEdit e, StepListener listener) {
    DdimScheduler tail = DdimScheduler.of(model.schedule(), e.steps()).tail(e.strength());
    if (tail.size() == 0) {
      throw new EditException(
          ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS,
          "strength " + e.strength() + " of " + e.steps() + " steps runs none of them");
    }
    float[] target = model.context(e.targetPrompt());
    DdimStep first = tail.step(0);
    float[] x0 = model.encode(image);
    float[] noise = gaussian(x0.length, e.seed());
    double a = first.alphaFrom();
    float[] xt = new float[x0.length];
    for (int i = 0; i < xt.length; i++) {
      xt[i] = (float) (Math.sqrt(a) * x0[i] + Math.sqrt(1 - a) * noise[i]);
    }
    float[] empty = model.emptyContext();
    SamplingRun run =
        new SamplingRun(model, tail.steps(), e.guidance(), false)
            .start(null, xt)
            .contexts(null, target, i -> empty)
            .listener(listener)
            .run();
    return new EditResult(
        model.decode(run.target()), Optional.empty(), Optional.empty(), run.calls());
  }

  /** Text-to-image from seeded noise with a given context (L·D floats), e.g. SD-IPC's. */
  public RgbImage generate(float[] context, int steps, Guidance guidance, long seed) {
    return generate(context, steps, guidance, seed, StepListener.none());
  }

  /**
   * {@link #generate(float[], int, Guidance, long)}, telling {@code listener} of every sampling
   * step.
   */
  public RgbImage generate(
      float[] context, int steps, Guidance guidance, long seed, StepListener listener) {
    DdimScheduler sampler = DdimScheduler.of(model.schedule(), steps);
    float[] empty = model.emptyContext();
    SamplingRun run =
        new SamplingRun(model, sampler.steps(), guidance, false)
            .start(null, gaussian(model.latentSize(), seed))
            .contexts(null, context, i -> empty)
            .listener(listener)
            .run();
    return model.decode(run.target());
  }

  /**
   * Seeded standard normal noise; {@link Random#nextGaussian()} is specified, so it is portable.
   */
  public static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }

  private static void checkBlendWords(BlendWords b, String source, String target) {
    TokenAlignment.requireWord(source, b.sourceWord(), ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    TokenAlignment.requireWord(target, b.targetWord(), ReasonCode.EDIT_INCONSISTENT);
    for (String w : separationWords(b)) {
      TokenAlignment.requireWord(source, w, ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    }
  }

  private void blend(SamplingRun run, BlendWords b, String source, String target) {
    Tokenizer tok = model.tokenizer();
    run.localBlend(
        b.blend(),
        TokenAlignment.editedTokenPositions(tok, source, target, b.sourceWord()),
        TokenAlignment.editedTokenPositions(tok, target, source, b.targetWord()));
    b.separation()
        .ifPresent(
            s ->
                run.blendSeparation(
                    positions(tok, source, s.objectWords()),
                    positions(tok, source, s.otherWords())));
  }

  private static List<String> separationWords(BlendWords b) {
    List<String> out = new java.util.ArrayList<>();
    b.separation()
        .ifPresent(
            s -> {
              out.addAll(s.objectWords());
              out.addAll(s.otherWords());
            });
    return out;
  }

  private static int[] positions(Tokenizer tok, String prompt, List<String> words) {
    return words.stream()
        .flatMapToInt(w -> Arrays.stream(TokenAlignment.tokenPositions(tok, prompt, w)))
        .toArray();
  }

  private java.util.function.IntFunction<float[]> nullContexts(Inversion inv) {
    if (inv.hasNullEmbeddings()) {
      return inv::nullEmbedding;
    }
    float[] empty = model.emptyContext();
    return i -> empty;
  }

  private void requireSameModel(Inversion inv) {
    if (!inv.bundleSha256().equalsIgnoreCase(model.bundleSha256())) {
      throw new IllegalArgumentException(
          "inversion "
              + inv.key()
              + " was made with bundle "
              + inv.bundleSha256()
              + ", not "
              + model.bundleSha256());
    }
    if (!inv.parameters().schedule().equals(model.scheduleConfig())) {
      throw new IllegalArgumentException("inversion " + inv.key() + " used another scheduler");
    }
  }
}

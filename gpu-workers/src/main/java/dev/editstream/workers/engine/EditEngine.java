package dev.editstream.workers.engine;

import dev.editstream.models.BundleOptions;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.world.CaptionGrammar;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.workers.engine.edit.EditResult;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.edit.SdEdit;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.InversionParameters;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.ipc.ImagePromptConverter;
import dev.editstream.workers.engine.ipc.ZeroShotCaptioner;
import dev.editstream.workers.engine.model.BatchLayout;
import dev.editstream.workers.engine.model.BatchLayoutProbe;
import dev.editstream.workers.engine.model.BatchSettings;
import dev.editstream.workers.engine.model.BundleClosedException;
import dev.editstream.workers.engine.model.CallGate;
import dev.editstream.workers.engine.model.DenoiserCallListener;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.JobSeat;
import dev.editstream.workers.engine.model.StepBatcher;
import dev.editstream.workers.engine.model.UnsafeBatchLayoutException;
import dev.editstream.workers.engine.progress.EditCancelledException;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.schedule.Guidance;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editing engine's front door: runs edit plans ({@link #run}), and inversion, edits and
 * reconstruction over one model. Stateless across requests (inversions are values passed in and
 * out; a run's state lives in the run), so one engine serves concurrent requests, and the same
 * plan, source bytes and mask give the same image bytes. The one thing it builds once and keeps is
 * the SD-IPC converter for variations, from the calibration captions it was given.
 *
 * <p>Closing an engine that opened its bundle closes the bundle, but never under a running call:
 * {@link #close()} then throws and leaves the engine usable. Calls after closing fail with {@link
 * BundleClosedException} before reaching TensorFlow.
 */
public final class EditEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EditEngine.class);

  private final ModelBundle bundle;
  private final DiffusionModel model;
  private final Inverter inverter;
  private final Editor editor;
  private final List<String> calibrationCaptions;
  private final StepBatcher batcher;
  private volatile ImagePromptConverter converter;
  private volatile ZeroShotCaptioner captioner;

  /** An engine over an already loaded bundle (which the caller keeps ownership of). */
  public EditEngine(DiffusionModel model) {
    this(model, List.of());
  }

  /**
   * An engine over an already loaded bundle (which the caller keeps ownership of) that also runs
   * VARIATION plans.
   *
   * @param calibrationCaptions captions whose mean pooled text norm scales SD-IPC's conversion (see
   *     {@link ImagePromptConverter#create}); the same list gives the same variations
   * @throws dev.editstream.schemas.EditException when a caption does not tokenize
   */
  public EditEngine(DiffusionModel model, List<String> calibrationCaptions) {
    this(null, model, calibrationCaptions, model.batcher().orElse(null));
  }

  private EditEngine(
      ModelBundle owned,
      DiffusionModel model,
      List<String> calibrationCaptions,
      StepBatcher batcher) {
    this.bundle = owned;
    this.batcher = batcher;
    this.model = model;
    this.inverter = new Inverter(model);
    this.editor = new Editor(model);
    this.calibrationCaptions = List.copyOf(calibrationCaptions);
    this.calibrationCaptions.forEach(model.tokenizer()::encode);
  }

  /** Loads a bundle directory and builds an engine that owns it (and runs no VARIATION plan). */
  public static EditEngine open(Path bundleDir, BundleOptions options) {
    return open(bundleDir, options, List.of());
  }

  /**
   * Loads a bundle directory and builds an engine that owns it and runs every kind of plan.
   *
   * @param calibrationCaptions SD-IPC's calibration captions (see {@link
   *     #EditEngine(DiffusionModel, List)})
   */
  public static EditEngine open(
      Path bundleDir, BundleOptions options, List<String> calibrationCaptions) {
    return open(
        bundleDir,
        options,
        calibrationCaptions,
        BatchSettings.off(options.intraOpThreads()),
        DenoiserCallListener.none());
  }

  /**
   * Loads a bundle directory and builds an engine that owns it, runs every kind of plan and batches
   * denoiser calls across the jobs it runs at once as {@code batching} says. With batching on, the
   * layout is checked on this machine first ({@link BatchLayoutProbe#quickProblems}).
   *
   * @param listener told of every batched call (metrics)
   * @throws UnsafeBatchLayoutException when some size of the layout changes a job's bits here
   */
  public static EditEngine open(
      Path bundleDir,
      BundleOptions options,
      List<String> calibrationCaptions,
      BatchSettings batching,
      DenoiserCallListener listener) {
    if (batching.enabled() && batching.layout().intraOpThreads() != options.intraOpThreads()) {
      throw new IllegalArgumentException(
          "the batch layout was chosen for "
              + batching.layout().intraOpThreads()
              + " intra-op threads, the bundle runs with "
              + options.intraOpThreads());
    }
    ModelBundle b = ModelBundle.load(bundleDir, options);
    StepBatcher started = null;
    try {
      DiffusionModel model = new DiffusionModel(b);
      BatchSettings chosen = batching.enabled() ? safeLayout(model, batching) : batching;
      DiffusionModel.Batched batched = model.batched(chosen, listener);
      started = batched.batcher();
      return new EditEngine(b, batched.model(), calibrationCaptions, started);
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      b.close();
      throw e;
    }
  }

  /** The settings with the first of their layouts that is safe here. */
  static BatchSettings safeLayout(DiffusionModel model, BatchSettings batching) {
    BatchLayoutProbe probe = new BatchLayoutProbe(model, 7);
    List<BatchLayout> layouts = new java.util.ArrayList<>();
    layouts.add(batching.layout());
    layouts.addAll(batching.alternatives());
    UnsafeBatchLayoutException first = null;
    for (BatchLayout layout : layouts) {
      long start = System.nanoTime();
      List<String> problems = probe.quickProblems(layout);
      if (problems.isEmpty()) {
        LOG.info(
            "batch layout {} gives every job the same bits on this machine (checked in {} ms)",
            layout.fingerprint(),
            (System.nanoTime() - start) / 1_000_000);
        return batching.with(layout);
      }
      LOG.info("batch layout {} is not safe on this machine: {}", layout.paddedSizes(), problems);
      if (first == null) {
        first = new UnsafeBatchLayoutException(layout, problems);
      }
    }
    throw first;
  }

  /**
   * Seats the calling thread as a running job at the engine's batcher (see {@link
   * StepBatcher#seat}); a seat that does nothing when the engine does not batch.
   */
  public JobSeat seat(int priority) {
    return batcher == null ? JobSeat.none() : batcher.seat(priority);
  }

  /** The device the engine's bundle runs on ({@code CPU}, or the GPU), as its load logged it. */
  public String device() {
    return bundle == null ? "CPU" : bundle.device();
  }

  /** How this engine's denoiser calls run, for a result's reproducibility fingerprint. */
  public String callFingerprint() {
    return batcher == null ? "one request per denoiser call" : batcher.settings().fingerprint();
  }

  /** The model. */
  public DiffusionModel model() {
    return model;
  }

  /** The inverter. */
  public Inverter inverter() {
    return inverter;
  }

  /** The editor. */
  public Editor editor() {
    return editor;
  }

  /**
   * Runs one edit plan end to end on a source image: the source at the bundle's resolution, the
   * plan's method (PROMPT_TO_PROMPT inverts the source with the plan's inversion, then edits it;
   * SDEDIT noises and denoises it; VARIATION samples from its SD-IPC pseudo-prompt), then the
   * result back at the source's size, where every pixel outside the plan's region is the source's
   * own (see {@link SourceImage}). Every user error is refused before the first model call.
   *
   * @param plan every setting of the edit, run as it is
   * @param source the image to edit, at any size
   * @param userMask the region a USER_MASK plan may change, at any size (resized nearest to the
   *     source's); ignored by other regions
   * @param listener told of every inversion and sampling step; what it throws (e.g. {@link
   *     EditCancelledException}) propagates unchanged, and the run leaves nothing behind
   * @throws EditException a user error with its code (a word the plan's prompts or vocabulary lack,
   *     a REPLACE of unequal word counts, a setting out of range, an inconsistent plan, a missing
   *     mask), or {@link ReasonCode#ENGINE_FAULT} wrapping any other failure (TensorFlow's among
   *     them), including a VARIATION plan on an engine built without calibration captions
   * @throws BundleClosedException when the engine is closed
   */
  public PlannedEditResult run(
      EditPlan plan, SourceImage source, Optional<Mask> userMask, StepListener listener) {
    return run(plan, source, userMask, Optional.empty(), listener);
  }

  /**
   * Runs one edit plan as {@link #run(EditPlan, SourceImage, Optional, StepListener)} does, but a
   * PROMPT_TO_PROMPT plan starts from an inversion made earlier (by a cache, or by a benchmark that
   * scores several methods on one inversion) instead of inverting the source again. The result is
   * the same bytes as inverting here, because an inversion is only accepted when its key (source
   * pixels at the bundle's resolution, bundle, caption, schedule, steps, method, guidance and
   * null-text settings) is the one this plan and source give.
   *
   * @param inversion the source's inversion for this plan; empty: invert here
   * @throws EditException {@link ReasonCode#ENGINE_FAULT} when the inversion is not this plan's and
   *     source's (another key), or is given to a plan of another method
   */
  public PlannedEditResult run(
      EditPlan plan,
      SourceImage source,
      Optional<Mask> userMask,
      Optional<Inversion> inversion,
      StepListener listener) {
    long start = System.nanoTime();
    try (CallGate.Pass pass = model.gate().enter()) {
      PlannedEditResult r =
          new PlanExecution(model.metered(), plan, source, new ListenerRelay(listener))
              .run(userMask, inversion, this::converter);
      LOG.debug(
          "ran a {} plan ({}) on a {}x{} source in {} ms, {} model calls",
          plan.getMethod(),
          plan.getRegion(),
          source.height(),
          source.width(),
          (System.nanoTime() - start) / 1_000_000,
          r.modelCalls());
      return r;
    } catch (ListenerRelay.Thrown t) {
      throw t.original();
    } catch (EditException | BundleClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EditException(
          ReasonCode.ENGINE_FAULT, plan.getMethod() + " plan failed: " + e.getMessage(), e);
    }
  }

  /**
   * Inverts a source for a PROMPT_TO_PROMPT plan, without editing: what an invert worker computes
   * once and every edit of that source with an equal key then reuses ({@link #run(EditPlan,
   * SourceImage, Optional, Optional, StepListener)}). Its key is the contract's, over the source's
   * {@link SourceImage#imageHash()}.
   *
   * @throws EditException a user error with its code, or {@link ReasonCode#ENGINE_FAULT} (a plan
   *     that inverts nothing among them)
   */
  public Inversion invert(EditPlan plan, SourceImage source, StepListener listener) {
    if (plan.getMethod() != dev.editstream.schemas.avro.PlanMethod.PROMPT_TO_PROMPT
        || plan.getInversion() == null) {
      throw new EditException(
          ReasonCode.ENGINE_FAULT, "a " + plan.getMethod() + " plan starts from no inversion");
    }
    try (CallGate.Pass pass = model.gate().enter()) {
      return new PlanExecution(model.metered(), plan, source, new ListenerRelay(listener)).invert();
    } catch (ListenerRelay.Thrown t) {
      throw t.original();
    } catch (EditException | BundleClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EditException(ReasonCode.ENGINE_FAULT, "inversion failed: " + e.getMessage(), e);
    }
  }

  /**
   * The bundle's zero-shot caption of a source: the candidate of the world's caption grammar whose
   * embedding is nearest the image's SD-IPC conversion (token space), with that cosine as its
   * confidence. The candidates are embedded once, on the first call.
   *
   * @throws EditException {@link ReasonCode#ENGINE_FAULT} when the engine has no SD-IPC calibration
   *     captions or the model fails
   */
  public ZeroShotCaptioner.Match caption(SourceImage source) {
    try (CallGate.Pass pass = model.gate().enter()) {
      return captioner()
          .match(source.resampled(model.manifest().imageSize()), ZeroShotCaptioner.Space.TOKEN);
    } catch (EditException | BundleClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EditException(ReasonCode.ENGINE_FAULT, "captioning failed: " + e.getMessage(), e);
    }
  }

  private ZeroShotCaptioner captioner() {
    ZeroShotCaptioner c = captioner;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (captioner == null) {
        captioner = new ZeroShotCaptioner(model, converter(), CaptionGrammar.captions());
      }
      return captioner;
    }
  }

  /** The SD-IPC converter, built once, on the first variation. */
  private ImagePromptConverter converter() {
    ImagePromptConverter c = converter;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (converter == null) {
        if (calibrationCaptions.isEmpty()) {
          throw new EditException(
              ReasonCode.ENGINE_FAULT,
              "this engine has no SD-IPC calibration captions, so it runs no VARIATION plan");
        }
        converter =
            ImagePromptConverter.create(
                model, calibrationCaptions, ImagePromptConverter.DEFAULT_RELATIVE_CUT);
      }
      return converter;
    }
  }

  /** Inverts an image with its caption; DDIM or null-text with the paper's settings. */
  public Inversion invert(
      RgbImage image, String caption, InversionMethod method, int steps, Guidance guidance) {
    try (CallGate.Pass pass = model.gate().enter()) {
      InversionParameters p =
          inverter.parameters(method, caption, steps, guidance, NullTextSettings.paper());
      return inverter.invert(image, p);
    }
  }

  /** Edits an inversion. */
  public EditResult edit(Inversion inversion, PromptEdit edit) {
    try (CallGate.Pass pass = model.gate().enter()) {
      return editor.edit(inversion, edit);
    }
  }

  /** SDEdit of an image. */
  public EditResult sdEdit(RgbImage image, SdEdit edit) {
    try (CallGate.Pass pass = model.gate().enter()) {
      return editor.sdEdit(image, edit);
    }
  }

  /** The inversion regenerated without an edit. */
  public RgbImage reconstruct(Inversion inversion, Guidance guidance) {
    try (CallGate.Pass pass = model.gate().enter()) {
      return editor.reconstruct(inversion, guidance);
    }
  }

  /**
   * Closes the bundle this engine opened; does nothing for an engine over a caller's bundle, or
   * when already closed. Calls made directly on {@link #editor()} or {@link #inverter()} are
   * guarded per model call only: closing between two of their calls succeeds, and the next one
   * fails with {@link BundleClosedException}.
   *
   * @throws IllegalStateException while a run or a call of this engine is in flight; the engine
   *     stays open and usable, so the caller closes it again once its work has finished
   */
  @Override
  public void close() {
    if (bundle != null) {
      model
          .gate()
          .close(
              () -> {
                if (batcher != null) {
                  batcher.close();
                }
                bundle.close();
              });
    }
  }
}

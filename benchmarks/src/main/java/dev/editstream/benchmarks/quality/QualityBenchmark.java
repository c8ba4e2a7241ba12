package dev.editstream.benchmarks.quality;

import dev.editstream.editing.EditPlanner;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.PlannedEditResult;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.edit.BlendWords;
import dev.editstream.workers.engine.edit.EditResult;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.edit.SdEdit;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.ipc.ImagePromptConverter;
import dev.editstream.workers.engine.ipc.ZeroShotCaptioner;
import dev.editstream.workers.engine.metric.Psnr;
import dev.editstream.workers.engine.metric.Ssim;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.schedule.Guidance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every method on every case and scores the results; single-threaded so timings are clean. */
public final class QualityBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(QualityBenchmark.class);

  /**
   * Benchmark settings.
   *
   * @param steps DDIM steps
   * @param guidance guidance scale of every edit and of null-text inversion
   * @param sdeditStrength SDEdit's strength
   * @param nullText null-text optimiser settings
   * @param seed seed of SDEdit noise (plus the case id)
   * @param gridRows how many cases the image grid shows
   * @param ipcScenes held-out scenes the SD-IPC captioner is scored on
   * @param appearanceInjection attention injection of the prompt-to-prompt methods on edits of
   *     appearance (colours, re-weights)
   * @param structureInjection the same on structural edits (shapes)
   * @param appearanceBlend local blending on edits of appearance (shapes use the papers')
   */
  public record Settings(
      int steps,
      Guidance guidance,
      double sdeditStrength,
      NullTextSettings nullText,
      long seed,
      int gridRows,
      int ipcScenes,
      InjectionSchedule appearanceInjection,
      InjectionSchedule structureInjection,
      LocalBlend appearanceBlend) {
    /** Validates. */
    public Settings {
      if (appearanceInjection.cross() == 0) {
        throw new IllegalArgumentException(
            "the re-weight cases act through cross-attention injection: give cross > 0");
      }
      java.util.Objects.requireNonNull(structureInjection, "structureInjection");
      java.util.Objects.requireNonNull(appearanceBlend, "appearanceBlend");
    }

    /** The injection for a kind of edit. */
    public InjectionSchedule injection(EditKind kind) {
      return kind.structural() ? structureInjection : appearanceInjection;
    }

    /** The local blend for a kind of edit. */
    public LocalBlend blend(EditKind kind) {
      return kind.structural() ? LocalBlend.defaults() : appearanceBlend;
    }
  }

  /**
   * Reconstruction (no edit) of a case's source at the benchmark's guidance.
   *
   * @param psnrDdim PSNR of the DDIM inversion's reconstruction
   * @param psnrNullText PSNR of the null-text inversion's reconstruction
   * @param ssimDdim SSIM of the DDIM reconstruction
   * @param ssimNullText SSIM of the null-text reconstruction
   * @param ddimSeconds DDIM inversion wall time
   * @param nullTextSeconds null-text inversion wall time
   */
  public record Reconstruction(
      double psnrDdim,
      double psnrNullText,
      double ssimDdim,
      double ssimNullText,
      double ddimSeconds,
      double nullTextSeconds) {}

  /**
   * One grid row: a case and each method's image.
   *
   * @param edit the case
   * @param images each method's edited image
   */
  public record GridRow(EditCase edit, Map<Method, RgbImage> images) {}

  /**
   * SD-IPC captioning results.
   *
   * @param scenes held-out scenes captioned
   * @param attributeAccuracyToken share whose token-space caption has the scene's attributes
   * @param exactAccuracyToken share whose token-space caption is exactly the scene's
   * @param attributeAccuracyClip the same in CLIP space
   * @param exactAccuracyClip the same in CLIP space
   * @param textNorm the measured mean pooled-text norm
   * @param candidates number of candidate captions
   */
  public record IpcOutcome(
      int scenes,
      double attributeAccuracyToken,
      double exactAccuracyToken,
      double attributeAccuracyClip,
      double exactAccuracyClip,
      double textNorm,
      int candidates) {}

  /**
   * Everything a run measured.
   *
   * @param scores every (method, case) score
   * @param reconstructions one per case
   * @param grid the grid's rows
   * @param ipc SD-IPC's captioning results
   * @param caseSeconds the cases' summed wall time, those of earlier runs resumed from the journal
   *     included
   */
  public record Outcome(
      List<CaseScore> scores,
      List<Reconstruction> reconstructions,
      List<GridRow> grid,
      IpcOutcome ipc,
      double caseSeconds) {}

  private final DiffusionModel model;
  private final Inverter inverter;
  private final Editor editor;
  private final CaseScorer scorer;
  private final PlannedCases planned;
  private final Settings settings;

  /**
   * A benchmark over an engine.
   *
   * @param planner plans the planner row's requests (the bundle's editing defaults)
   */
  public QualityBenchmark(EditEngine engine, EditPlanner planner, Settings settings) {
    this.model = engine.model();
    this.inverter = new Inverter(model);
    this.editor = new Editor(model);
    this.scorer = new CaseScorer(model);
    this.planned = new PlannedCases(engine, planner, settings.seed());
    this.settings = settings;
  }

  /**
   * Runs the cases, skipping those already in the journal directory (a run stopped part-way resumes
   * there) and journaling each case as it finishes. The journal is cleared when it belongs to
   * another bundle or other settings; with {@code journalDir} null nothing is journaled.
   */
  public Outcome run(List<EditCase> cases, Path journalDir) {
    CaseJournal journal =
        journalDir == null
            ? null
            : CaseJournal.open(
                journalDir,
                "bundle " + model.bundleSha256() + " cases " + cases.size() + " " + settings);
    List<CaseScore> scores = new ArrayList<>();
    List<Reconstruction> recs = new ArrayList<>();
    List<GridRow> grid = new ArrayList<>();
    double caseSeconds = 0;
    for (EditCase c : cases) {
      boolean inGrid = grid.size() < settings.gridRows();
      Optional<CaseJournal.Entry> previous =
          journal == null ? Optional.empty() : journal.done(c.id());
      CaseJournal.Entry e = previous.orElseGet(() -> runCase(c, inGrid));
      if (previous.isEmpty()) {
        if (journal != null) {
          journal.record(c.id(), e);
        }
        LOG.info(
            "case {} ({}) done: '{}' -> '{}'",
            c.id(),
            c.kind(),
            c.sourcePrompt(),
            c.targetPrompt());
      }
      scores.addAll(e.scores());
      recs.add(e.reconstruction());
      caseSeconds += e.seconds();
      if (inGrid) {
        grid.add(new GridRow(c, e.images()));
      }
    }
    return new Outcome(scores, recs, grid, settings.ipcScenes() > 0 ? ipc() : null, caseSeconds);
  }

  private CaseJournal.Entry runCase(EditCase c, boolean keepImages) {
    List<CaseScore> scores = new ArrayList<>();
    Map<Method, RgbImage> images = new EnumMap<>(Method.class);
    long start = System.nanoTime();
    Reconstruction r = runCase(c, scores, images);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new CaseJournal.Entry(r, scores, keepImages ? images : Map.of(), seconds);
  }

  private Reconstruction runCase(EditCase c, List<CaseScore> scores, Map<Method, RgbImage> images) {
    Clock ddimClock = new Clock();
    Inversion ddim = invert(c, InversionMethod.DDIM);
    ddimClock.stop();
    Clock ntiClock = new Clock();
    Inversion nti = invert(c, InversionMethod.NULL_TEXT);
    ntiClock.stop();
    RgbImage recDdim = null;
    RgbImage recNti = null;
    for (Method m : Method.values()) {
      Clock clock = new Clock();
      RgbImage image;
      boolean inverted = false;
      if (m == Method.PLANNED) {
        PlannedEditResult r = planned.run(c, Optional.of(nti));
        image = r.image();
        inverted = r.inversion().orElse(null) != nti;
      } else {
        EditResult r = edit(m, c, ddim, nti);
        image = r.image();
        if (m == Method.DDIM_P2P) {
          recDdim = r.reconstruction().orElseThrow();
        } else if (m == Method.NTI_P2P) {
          recNti = r.reconstruction().orElseThrow();
        }
      }
      clock.stop();
      Clock inversion =
          m == Method.SDEDIT || inverted ? null : m.usesNullText() ? ntiClock : ddimClock;
      double secs = clock.seconds() + (inversion == null ? 0 : inversion.seconds());
      double modelSecs = clock.modelSeconds() + (inversion == null ? 0 : inversion.modelSeconds());
      scores.add(scorer.score(m, c, image, secs, modelSecs));
      images.put(m, image);
    }
    RgbImage src = c.sourceImage();
    return new Reconstruction(
        Psnr.of(src, recDdim),
        Psnr.of(src, recNti),
        Ssim.of(src, recDdim),
        Ssim.of(src, recNti),
        ddimClock.seconds(),
        ntiClock.seconds());
  }

  private Inversion invert(EditCase c, InversionMethod method) {
    return inverter.invert(
        c.sourceImage(),
        inverter.parameters(
            method, c.sourcePrompt(), settings.steps(), settings.guidance(), settings.nullText()));
  }

  private EditResult edit(Method m, EditCase c, Inversion ddim, Inversion nti) {
    PromptEdit p2p =
        PromptEdit.replace(c.targetPrompt())
            .withGuidance(settings.guidance())
            .withInjection(settings.injection(c.kind()))
            .withReweight(c.reweight());
    return switch (m) {
      case DDIM_SWAP ->
          editor.edit(
              ddim, PromptEdit.plainSwap(c.targetPrompt()).withGuidance(settings.guidance()));
      case SDEDIT ->
          editor.sdEdit(
              c.sourceImage(),
              new SdEdit(
                  c.targetPrompt(),
                  settings.sdeditStrength(),
                  settings.steps(),
                  settings.guidance(),
                  settings.seed() + c.id()));
      case DDIM_P2P -> editor.edit(ddim, p2p);
      case NTI_P2P -> editor.edit(nti, p2p);
      case NTI_P2P_BLEND -> editor.edit(nti, p2p.withLocalBlend(blendWords(c)));
      case NTI_MASKED -> editor.edit(nti, p2p.withUserMask(c.region()));
      case PLANNED -> throw new IllegalArgumentException("the planner's row runs as a request");
    };
  }

  private BlendWords blendWords(EditCase c) {
    BlendWords w = new BlendWords(c.sourceWord(), c.targetWord(), settings.blend(c.kind()));
    return c.separation().map(w::separatedBy).orElse(w);
  }

  private IpcOutcome ipc() {
    Map<String, String> space = CaptionSpace.all();
    List<String> captions = new ArrayList<>(space.keySet());
    // the norm of real captions' pooled embeddings, measured on scenes the benchmark does not score
    World calibration = new World(settings.seed() + 1_234);
    List<String> calibrationCaptions = new ArrayList<>();
    for (int k = 0; k < 512; k++) {
      calibrationCaptions.add(calibration.scene(k).caption());
    }
    ImagePromptConverter converter =
        ImagePromptConverter.create(
            model, calibrationCaptions, ImagePromptConverter.DEFAULT_RELATIVE_CUT);
    ZeroShotCaptioner captioner = new ZeroShotCaptioner(model, converter, captions);
    World heldOut = new World(settings.seed() + 7_777);
    int[] hits = new int[4];
    for (int k = 0; k < settings.ipcScenes(); k++) {
      Scene s = heldOut.scene(k);
      RgbImage img = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(s));
      String tok = captioner.caption(img, ZeroShotCaptioner.Space.TOKEN);
      String clip = captioner.caption(img, ZeroShotCaptioner.Space.CLIP);
      String key = CaptionSpace.key(s);
      hits[0] += key.equals(space.get(tok)) ? 1 : 0;
      hits[1] += s.caption().equals(tok) ? 1 : 0;
      hits[2] += key.equals(space.get(clip)) ? 1 : 0;
      hits[3] += s.caption().equals(clip) ? 1 : 0;
    }
    double n = settings.ipcScenes();
    return new IpcOutcome(
        settings.ipcScenes(),
        hits[0] / n,
        hits[1] / n,
        hits[2] / n,
        hits[3] / n,
        converter.textNorm(),
        captions.size());
  }

  /** Wall time and model time of a stretch of work. */
  private final class Clock {
    private final long wallStart = System.nanoTime();
    private final long modelStart = model.modelNanos();
    private long wall;
    private long inModel;

    void stop() {
      wall = System.nanoTime() - wallStart;
      inModel = model.modelNanos() - modelStart;
    }

    double seconds() {
      return wall / 1e9;
    }

    double modelSeconds() {
      return inModel / 1e9;
    }
  }
}

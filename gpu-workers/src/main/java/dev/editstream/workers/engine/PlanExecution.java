package dev.editstream.workers.engine;

import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.keys.InversionKey;
import dev.editstream.workers.engine.control.WordMask;
import dev.editstream.workers.engine.edit.EditResult;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.ipc.ImagePromptConverter;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.progress.StepListener;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One run of one plan on one source, over a job's own metered view of the model: the source at the
 * bundle's resolution, the plan's method, then the result back at the source's size. Used once, by
 * one thread; it holds the job's state so that the engine holds none.
 */
final class PlanExecution {
  private final DiffusionModel model;
  private final EditPlan plan;
  private final PlanReader reader;
  private final SourceImage source;
  private final StepListener listener;
  private final int size;

  PlanExecution(DiffusionModel model, EditPlan plan, SourceImage source, StepListener listener) {
    this.model = model;
    this.plan = plan;
    this.reader = new PlanReader(plan, model);
    this.source = source;
    this.listener = listener;
    this.size = model.manifest().imageSize();
  }

  /** Checks the plan, then runs it. */
  PlannedEditResult run(
      Optional<Mask> userMask,
      Optional<Inversion> inversion,
      Supplier<ImagePromptConverter> converter) {
    reader.check(userMask);
    if (inversion.isPresent() && plan.getMethod() != PlanMethod.PROMPT_TO_PROMPT) {
      throw new IllegalArgumentException(
          "only a PROMPT_TO_PROMPT plan starts from an inversion, not " + plan.getMethod());
    }
    return switch (plan.getMethod()) {
      case PROMPT_TO_PROMPT -> promptToPrompt(userMask, inversion);
      case SDEDIT -> sdEdit();
      case VARIATION -> variation(converter.get().on(model));
    };
  }

  private PlannedEditResult promptToPrompt(Optional<Mask> userMask, Optional<Inversion> given) {
    long start = System.nanoTime();
    Inversion inv = given.isPresent() ? checked(given.get()) : invert();
    long inverted = System.nanoTime();
    PromptEdit edit = reader.promptEdit();
    Optional<Mask> region = Optional.empty();
    if (plan.getRegion() == PlanRegion.USER_MASK) {
      region = userMask.map(this::atSourceSize);
      // shrunk so that the edit covers every source pixel of the region, which the composite bounds
      edit = edit.withUserMask(region.orElseThrow().covering(size, size));
    } else if (plan.getRegion() == PlanRegion.WORD_MASK) {
      Mask words =
          WordMask.of(
              inv, model.tokenizer(), plan.getMaskWords(), plan.getMaskThreshold(), size, size);
      region = Optional.of(atSourceSize(words));
      edit = edit.withUserMask(words);
    }
    EditResult r = new Editor(model).edit(inv, edit, listener);
    if (plan.getRegion() == PlanRegion.LOCAL_BLEND) {
      region = r.blendMask().map(this::atSourceSize);
    }
    return result(r.image(), region, Optional.of(inv), ms(start, inverted), ms(inverted));
  }

  /** Inverts the source for this plan (a PROMPT_TO_PROMPT plan), without editing. */
  Inversion invert() {
    Inverter inverter = new Inverter(model);
    return inverter.invert(
        source.resampled(size), source.imageHash(), reader.inversionParameters(inverter), listener);
  }

  /** The given inversion, when it is the one this plan and source would make. */
  private Inversion checked(Inversion given) {
    InversionKey expected =
        Inversion.keyOf(
            source.imageHash(),
            model.bundleSha256(),
            reader.inversionParameters(new Inverter(model)));
    if (!given.key().equals(expected)) {
      throw new IllegalArgumentException(
          "the inversion given ("
              + given.parameters()
              + ", key "
              + given.key()
              + ") is not this plan's and source's (key "
              + expected
              + ")");
    }
    return given;
  }

  private PlannedEditResult sdEdit() {
    long start = System.nanoTime();
    EditResult r = new Editor(model).sdEdit(source.resampled(size), reader.sdEdit(), listener);
    return result(r.image(), Optional.empty(), Optional.empty(), 0, ms(start));
  }

  private PlannedEditResult variation(ImagePromptConverter converter) {
    long start = System.nanoTime();
    float[] context = converter.pseudoPrompt(source.resampled(size));
    RgbImage image =
        new Editor(model)
            .generate(context, reader.steps(), reader.guidance(), plan.getSeed(), listener);
    return result(image, Optional.empty(), Optional.empty(), 0, ms(start));
  }

  private PlannedEditResult result(
      RgbImage edit,
      Optional<Mask> region,
      Optional<Inversion> inv,
      long inversionMs,
      long editMs) {
    return new PlannedEditResult(
        source.composite(edit, region),
        edit,
        region,
        inv,
        inversionMs,
        editMs,
        Math.toIntExact(model.calls()));
  }

  private Mask atSourceSize(Mask m) {
    boolean same = m.height() == source.height() && m.width() == source.width();
    return same ? m : m.resized(source.height(), source.width());
  }

  private static long ms(long from) {
    return ms(from, System.nanoTime());
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}

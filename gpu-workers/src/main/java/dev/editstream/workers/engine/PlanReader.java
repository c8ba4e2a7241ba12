package dev.editstream.workers.engine;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PlannedBlend;
import dev.editstream.schemas.avro.PlannedInversion;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.control.TokenAlignment;
import dev.editstream.workers.engine.edit.Alignment;
import dev.editstream.workers.engine.edit.BlendSeparation;
import dev.editstream.workers.engine.edit.BlendWords;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.edit.SdEdit;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.InversionParameters;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.Optional;

/**
 * Reads an {@link EditPlan} into the engine's values, refusing what the engine cannot run as an
 * {@link EditException} with the code a request would get for it, before any model call: a plan
 * whose every setting passes here fails later only by a fault or a cancellation.
 */
final class PlanReader {
  private final EditPlan plan;
  private final DiffusionModel model;

  PlanReader(EditPlan plan, DiffusionModel model) {
    this.plan = plan;
    this.model = model;
  }

  /**
   * Checks the whole plan, with the user mask a USER_MASK plan needs.
   *
   * @throws EditException the first user error found
   */
  void check(Optional<Mask> userMask) {
    steps();
    guidance();
    switch (plan.getMethod()) {
      case PROMPT_TO_PROMPT -> checkPromptToPrompt(userMask);
      case SDEDIT -> {
        wholeImage();
        sdEdit();
        model.tokenizer().encode(plan.getTargetPrompt());
      }
      case VARIATION -> wholeImage();
    }
  }

  private void checkPromptToPrompt(Optional<Mask> userMask) {
    inversionParameters(new Inverter(model));
    PlanRegion region = plan.getRegion();
    if (region == PlanRegion.LOCAL_BLEND && plan.getBlend() == null) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT, "region LOCAL_BLEND needs a blend; the plan has none");
    }
    if (region == PlanRegion.WHOLE_IMAGE && plan.getBlend() != null) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT, "a blend needs region LOCAL_BLEND, not WHOLE_IMAGE");
    }
    if (region == PlanRegion.USER_MASK && userMask.isEmpty()) {
      throw refusal(ReasonCode.EDIT_MASK_MISMATCH, "region USER_MASK needs a mask; none was given");
    }
    if (region == PlanRegion.WORD_MASK) {
      checkMaskWords();
    }
    new Editor(model).check(plan.getSourceCaption(), promptEdit());
  }

  private void checkMaskWords() {
    if (plan.getMaskWords().isEmpty()) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT, "region WORD_MASK needs mask words; the plan has none");
    }
    fraction(plan.getMaskThreshold(), "maskThreshold", false);
    for (String w : plan.getMaskWords()) {
      TokenAlignment.requireWord(plan.getSourceCaption(), w, ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    }
  }

  private void wholeImage() {
    if (plan.getRegion() != PlanRegion.WHOLE_IMAGE) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT,
          plan.getMethod()
              + " edits the whole image; region "
              + plan.getRegion()
              + " needs PROMPT_TO_PROMPT");
    }
  }

  /** The plan's step count, within the model's training timesteps. */
  int steps() {
    int max = model.scheduleConfig().trainTimesteps();
    if (plan.getSteps() < 1 || plan.getSteps() > max) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE,
          "steps must be in [1, " + max + "], was " + plan.getSteps());
    }
    return plan.getSteps();
  }

  /** The plan's guidance. */
  Guidance guidance() {
    double g = plan.getGuidance();
    if (!(g >= 0) || Double.isInfinite(g)) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE, "guidance must be finite and >= 0, was " + g);
    }
    return new Guidance(g);
  }

  /** How a PROMPT_TO_PROMPT plan inverts its source. */
  InversionParameters inversionParameters(Inverter inverter) {
    PlannedInversion inv = plan.getInversion();
    if (inv == null) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT, "PROMPT_TO_PROMPT needs an inversion; the plan has none");
    }
    if (plan.getSourceCaption().isBlank()) {
      throw refusal(ReasonCode.MISSING_FIELD, "PROMPT_TO_PROMPT needs a source caption");
    }
    if (inv.getNullTextInnerSteps() < 0) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE,
          "nullTextInnerSteps must be >= 0, was " + inv.getNullTextInnerSteps());
    }
    return inverter.parameters(
        InversionMethod.valueOf(inv.getMethod().name()),
        plan.getSourceCaption(),
        steps(),
        guidance(),
        NullTextSettings.paper().withInnerSteps(inv.getNullTextInnerSteps()));
  }

  /** The prompt-to-prompt edit, without its user mask (which the run adds at its resolution). */
  PromptEdit promptEdit() {
    InjectionSchedule injection =
        new InjectionSchedule(
            fraction(plan.getCrossFraction(), "crossFraction", true),
            fraction(plan.getSelfFraction(), "selfFraction", true),
            fraction(plan.getUnconditionalSelfFraction(), "unconditionalSelfFraction", true));
    if (!plan.getReweights().isEmpty() && injection.cross() == 0) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT,
          "re-weighting acts through cross-attention injection; crossFraction is 0");
    }
    plan.getReweights()
        .forEach(
            (word, factor) -> {
              if (!Double.isFinite(factor)) {
                throw refusal(
                    ReasonCode.PARAMETER_OUT_OF_RANGE,
                    "the factor of '" + word + "' must be finite, was " + factor);
              }
            });
    PromptEdit edit =
        PromptEdit.replace(plan.getTargetPrompt())
            .withAlignment(Alignment.valueOf(plan.getAlignment().name()))
            .withGuidance(guidance())
            .withInjection(injection)
            .withReweight(plan.getReweights());
    return blend().map(edit::withLocalBlend).orElse(edit);
  }

  private Optional<BlendWords> blend() {
    PlannedBlend b = plan.getBlend();
    if (b == null) {
      return Optional.empty();
    }
    fraction(b.getThreshold(), "blend threshold", false);
    if (!(b.getStart() >= 0 && b.getStart() < 1)) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE,
          "blend start must be in [0, 1) to blend at all, was " + b.getStart());
    }
    LocalBlend blend =
        new LocalBlend(
            b.getThreshold(),
            b.getStart(),
            LocalBlend.Normalisation.MIN_MAX,
            LocalBlend.Footprint.valueOf(b.getFootprint().name()));
    BlendWords words = new BlendWords(b.getSourceWord(), b.getTargetWord(), blend);
    if (b.getObjectWords().isEmpty()) {
      return Optional.of(words);
    }
    if (b.getOtherWords().isEmpty()) {
      throw refusal(
          ReasonCode.EDIT_INCONSISTENT,
          "a blend separation needs the other objects' words too; objectWords are "
              + b.getObjectWords());
    }
    return Optional.of(
        words.separatedBy(new BlendSeparation(b.getObjectWords(), b.getOtherWords())));
  }

  /** SDEdit of an SDEDIT plan. */
  SdEdit sdEdit() {
    double strength = plan.getStrength();
    if (!(strength > 0 && strength <= 1)) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE, "strength must be in (0, 1], was " + strength);
    }
    if ((int) Math.floor(plan.getSteps() * strength) < 1) {
      throw refusal(
          ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS,
          "strength " + strength + " of " + plan.getSteps() + " steps runs none of them");
    }
    return new SdEdit(plan.getTargetPrompt(), strength, steps(), guidance(), plan.getSeed());
  }

  /** A fraction in [0, 1] (or [0, 1) for thresholds, which a normalised maximum must pass). */
  private static double fraction(double v, String name, boolean closed) {
    boolean ok = closed ? v >= 0 && v <= 1 : v >= 0 && v < 1;
    if (!ok) {
      throw refusal(
          ReasonCode.PARAMETER_OUT_OF_RANGE,
          name + " must be in [0, 1" + (closed ? "]" : ")") + ", was " + v);
    }
    return v;
  }

  private static EditException refusal(ReasonCode code, String detail) {
    return new EditException(code, detail);
  }
}

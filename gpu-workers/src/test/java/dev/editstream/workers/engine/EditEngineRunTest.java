package dev.editstream.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PlannedBlend;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.control.WordMask;
import dev.editstream.workers.engine.edit.BlendSeparation;
import dev.editstream.workers.engine.edit.BlendWords;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.edit.SdEdit;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.ipc.ImagePromptConverter;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.progress.EditCancelledException;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EditEngineRunTest {
  static final Guidance W = new Guidance(TestPlans.GUIDANCE);
  static DiffusionModel model;
  static EditEngine engine;
  static TestPlans t;

  @BeforeAll
  static void open() {
    model = TestModels.model();
    engine = new EditEngine(model, TestPlans.calibrationCaptions());
    t = new TestPlans();
  }

  record Step(StepPhase phase, int done, int total) {}

  /** A listener that records every step. */
  static final class Recorder implements StepListener {
    final List<Step> steps = new ArrayList<>();

    @Override
    public void onStep(StepPhase phase, int done, int total) {
      steps.add(new Step(phase, done, total));
    }

    List<Step> of(StepPhase phase) {
      return steps.stream().filter(s -> s.phase() == phase).toList();
    }
  }

  private static PlannedEditResult run(EditPlan plan, SourceImage source) {
    return engine.run(plan, source, Optional.empty(), StepListener.none());
  }

  /** Every pixel the region leaves out holds the source's own bytes. */
  private static void assertOutsideIsTheSource(PlannedEditResult r, SourceImage source) {
    Mask region = r.region().orElseThrow();
    assertThat(region.height()).isEqualTo(source.height());
    assertThat(region.width()).isEqualTo(source.width());
    byte[] out = r.rgb8();
    byte[] src = source.rgb8();
    int outside = 0;
    for (int p = 0; p < source.height() * source.width(); p++) {
      if (region.get(p / source.width(), p % source.width()) == 0) {
        outside++;
        for (int c = 0; c < 3; c++) {
          assertThat(out[p * 3 + c]).as("pixel %d channel %d", p, c).isEqualTo(src[p * 3 + c]);
        }
      }
    }
    assertThat(outside).isPositive();
  }

  private static void assertStepsOf(Recorder r, StepPhase phase, int total) {
    List<Step> steps = r.of(phase);
    assertThat(steps).hasSize(total + 1);
    for (int i = 0; i <= total; i++) {
      assertThat(steps.get(i)).isEqualTo(new Step(phase, i, total));
    }
  }

  @Test
  void localBlendAtTheBundlesSizeIsTheEnginesOwnEditWithTheSourceOutsideTheBlend() {
    SourceImage source = SourceImage.decode(t.png32);
    Recorder steps = new Recorder();
    PlannedEditResult r = engine.run(t.localBlend().build(), source, Optional.empty(), steps);
    // the listener saw each phase in order, every step once
    assertThat(steps.steps.stream().map(Step::phase).distinct())
        .containsExactly(StepPhase.INVERSION, StepPhase.NULL_TEXT, StepPhase.SAMPLING);
    assertStepsOf(steps, StepPhase.INVERSION, TestPlans.STEPS);
    assertStepsOf(steps, StepPhase.NULL_TEXT, TestPlans.STEPS);
    assertStepsOf(steps, StepPhase.SAMPLING, TestPlans.STEPS);
    // the plan maps onto the engine's calls as the in-process benchmark makes them
    Inversion inv =
        engine
            .inverter()
            .invert(
                RgbImage.fromPng(t.png32),
                source.imageHash(),
                engine
                    .inverter()
                    .parameters(
                        InversionMethod.NULL_TEXT,
                        t.caption,
                        TestPlans.STEPS,
                        W,
                        NullTextSettings.paper().withInnerSteps(2)),
                StepListener.none());
    BlendWords words =
        new BlendWords(
                t.colour,
                t.newColour,
                LocalBlend.defaults().withThreshold(0.5).withFootprint(LocalBlend.Footprint.SOURCE))
            .separatedBy(new BlendSeparation(List.of(t.shape), List.of("background")));
    PromptEdit edit =
        PromptEdit.replace(t.target)
            .withInjection(new InjectionSchedule(0.2, 0.6, 0))
            .withGuidance(W)
            .withLocalBlend(words);
    var direct = engine.editor().edit(inv, edit);
    assertThat(r.inversion()).contains(inv);
    assertThat(r.bundleImage()).isEqualTo(direct.image());
    assertThat(r.region()).isEqualTo(direct.blendMask());
    assertOutsideIsTheSource(r, source);
    assertThat(r.modelCalls()).isGreaterThan(3 * TestPlans.STEPS);
    assertThat(r.inversionMs()).isPositive();
  }

  @Test
  void anInversionMadeEarlierGivesTheSameBytesAndAnotherPlansInversionIsRefused() {
    SourceImage source = t.source(48, 80);
    EditPlan plan = t.localBlend().build();
    Recorder steps = new Recorder();
    PlannedEditResult inverted = engine.run(plan, source, Optional.empty(), steps);
    Inversion inv = inverted.inversion().orElseThrow();

    Recorder reused = new Recorder();
    PlannedEditResult r = engine.run(plan, source, Optional.empty(), Optional.of(inv), reused);
    assertThat(r.rgb8()).isEqualTo(inverted.rgb8());
    assertThat(r.inversion()).contains(inv);
    assertThat(reused.of(StepPhase.NULL_TEXT)).isEmpty();
    assertStepsOf(reused, StepPhase.SAMPLING, TestPlans.STEPS);

    EditPlan otherSettings =
        t.localBlend()
            .setInversion(
                new dev.editstream.schemas.avro.PlannedInversion(
                    dev.editstream.schemas.avro.InversionMethod.NULL_TEXT, 3))
            .build();
    assertThatThrownBy(
            () ->
                engine.run(
                    otherSettings, source, Optional.empty(), Optional.of(inv), StepListener.none()))
        .isInstanceOfSatisfying(
            EditException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.ENGINE_FAULT))
        .hasMessageContaining("not this plan's and source's");
    SourceImage otherSource = t.source(40, 40);
    assertThatThrownBy(
            () -> engine.run(plan, otherSource, Optional.empty(), Optional.of(inv), steps))
        .isInstanceOf(EditException.class);
  }

  @Test
  void aNonSquareSourceComesBackAtItsSizeTheSameBytesEveryRun() {
    SourceImage source = t.source(48, 80);
    EditPlan plan =
        t.localBlend()
            .setInversion(
                new dev.editstream.schemas.avro.PlannedInversion(
                    dev.editstream.schemas.avro.InversionMethod.DDIM, 0))
            .build();
    PlannedEditResult a = run(plan, source);
    assertThat(a.image().height()).isEqualTo(48);
    assertThat(a.image().width()).isEqualTo(80);
    assertThat(a.bundleImage().height()).isEqualTo(32);
    assertThat(a.region().orElseThrow().area()).isBetween(1.0, 48.0 * 80 - 1);
    assertOutsideIsTheSource(a, source);
    PlannedEditResult b = run(plan, source);
    assertThat(b.rgb8()).isEqualTo(a.rgb8());
    assertThat(b.png()).isEqualTo(a.png());
    assertThat(SourceImage.decode(a.png()).rgb8()).isEqualTo(a.rgb8());
  }

  @Test
  void aUserMaskOnA100SquareSourceKeepsEverySourcePixelOutsideIt() {
    SourceImage source = t.source(100, 100);
    boolean[] box = new boolean[100 * 100];
    for (int p = 0; p < box.length; p++) {
      box[p] = p % 100 >= 21 && p % 100 < 67 && p / 100 >= 30 && p / 100 < 83;
    }
    Mask mask = Mask.of(100, 100, box);
    PlannedEditResult r =
        engine.run(
            t.promptToPrompt().setRegion(PlanRegion.USER_MASK).build(),
            source,
            Optional.of(mask),
            StepListener.none());
    assertThat(r.region()).contains(mask);
    assertOutsideIsTheSource(r, source);
    assertThat(r.rgb8()).isNotEqualTo(source.rgb8());
    // a mask given at another size is resized to the source's
    PlannedEditResult small =
        engine.run(
            t.promptToPrompt().setRegion(PlanRegion.USER_MASK).build(),
            source,
            Optional.of(mask.resized(50, 50)),
            StepListener.none());
    assertThat(small.region()).contains(mask.resized(50, 50).resized(100, 100));
  }

  @Test
  void aWordMaskComesFromTheInversionsAttention() {
    SourceImage source = SourceImage.decode(t.png32);
    PlannedEditResult r =
        run(
            t.promptToPrompt()
                .setRegion(PlanRegion.WORD_MASK)
                .setMaskWords(List.of(t.shape))
                .setMaskThreshold(0.5)
                .build(),
            source);
    Inversion inv = r.inversion().orElseThrow();
    assertThat(r.region())
        .contains(WordMask.of(inv, model.tokenizer(), List.of(t.shape), 0.5, 32, 32));
    assertOutsideIsTheSource(r, source);
  }

  @Test
  void promptToPromptOverTheWholeImageIsTheEditUpsampled() {
    SourceImage source = t.source(64, 48);
    PlannedEditResult r =
        run(
            t.promptToPrompt()
                .setInversion(
                    new dev.editstream.schemas.avro.PlannedInversion(
                        dev.editstream.schemas.avro.InversionMethod.DDIM, 0))
                .build(),
            source);
    assertThat(r.region()).isEmpty();
    assertThat(r.image()).isEqualTo(source.composite(r.bundleImage(), Optional.empty()));
  }

  @Test
  void sdEditRunsStrengthTimesStepsOverTheWholeImage() {
    SourceImage source = t.source(48, 80);
    Recorder steps = new Recorder();
    PlannedEditResult r = engine.run(t.sdEdit().build(), source, Optional.empty(), steps);
    assertThat(steps.steps).hasSize(3).allMatch(s -> s.phase() == StepPhase.SAMPLING);
    assertStepsOf(steps, StepPhase.SAMPLING, 2);
    assertThat(r.region()).isEmpty();
    assertThat(r.inversion()).isEmpty();
    assertThat(r.inversionMs()).isZero();
    assertThat(r.image().width()).isEqualTo(80);
    SdEdit direct = new SdEdit(t.target, 0.5, TestPlans.STEPS, W, TestPlans.SEED);
    assertThat(r.bundleImage())
        .isEqualTo(engine.editor().sdEdit(source.resampled(32), direct).image());
  }

  @Test
  void aVariationSamplesFromTheImagesOwnPseudoPrompt() {
    SourceImage source = SourceImage.decode(t.png32);
    PlannedEditResult r = run(t.variation().build(), source);
    ImagePromptConverter converter =
        ImagePromptConverter.create(
            model, TestPlans.calibrationCaptions(), ImagePromptConverter.DEFAULT_RELATIVE_CUT);
    RgbImage direct =
        engine
            .editor()
            .generate(
                converter.pseudoPrompt(source.resampled(32)), TestPlans.STEPS, W, TestPlans.SEED);
    assertThat(r.bundleImage()).isEqualTo(direct);
    assertThat(r.region()).isEmpty();
    assertThat(run(t.variation().build(), source).rgb8()).isEqualTo(r.rgb8());
  }

  @Test
  void aVariationOnAnEngineWithoutCalibrationCaptionsIsAFault() {
    EditEngine bare = new EditEngine(model);
    assertThatThrownBy(
            () ->
                bare.run(
                    t.variation().build(),
                    SourceImage.decode(t.png32),
                    Optional.empty(),
                    StepListener.none()))
        .isInstanceOfSatisfying(
            EditException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.ENGINE_FAULT))
        .hasMessageContaining("calibration captions");
  }

  @Test
  void aCancellingListenerStopsTheRunBetweenStepsAndNothingIsLeftInFlight() {
    EditCancelledException cancel = new EditCancelledException("request r-1 cancelled");
    List<Step> seen = new ArrayList<>();
    StepListener listener =
        (phase, done, total) -> {
          seen.add(new Step(phase, done, total));
          if (phase == StepPhase.SAMPLING && done == 2) {
            throw cancel;
          }
        };
    SourceImage source = SourceImage.decode(t.png32);
    assertThatThrownBy(() -> engine.run(t.localBlend().build(), source, Optional.empty(), listener))
        .isSameAs(cancel);
    assertThat(cancel.reason()).isEqualTo(ReasonCode.CANCELLED_BY_CLIENT);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new Step(StepPhase.SAMPLING, 2, 4));
    assertThat(model.gate().inFlight()).isZero();
    // whatever else a listener throws comes out as it is, not as an engine fault
    IllegalStateException down = new IllegalStateException("progress topic unreachable");
    assertThatThrownBy(
            () ->
                engine.run(
                    t.sdEdit().build(),
                    source,
                    Optional.empty(),
                    (phase, done, total) -> {
                      throw down;
                    }))
        .isSameAs(down);
    assertThat(run(t.sdEdit().build(), source).image().height()).isEqualTo(32);
  }

  @Test
  void userErrorsAreRefusedWithTheirCodesBeforeAnyModelCall() {
    PlannedBlend blend = t.localBlend().getBlend();
    String shorter = t.scene.caption(false, false);
    refused(
        t.localBlend().setBlend(PlannedBlend.newBuilder(blend).setSourceWord("hexagon").build()),
        ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    refused(
        t.localBlend()
            .setBlend(PlannedBlend.newBuilder(blend).setObjectWords(List.of("hexagon")).build()),
        ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    refused(
        t.localBlend().setBlend(PlannedBlend.newBuilder(blend).setTargetWord("purple").build()),
        ReasonCode.EDIT_INCONSISTENT);
    refused(t.promptToPrompt().setTargetPrompt(shorter), ReasonCode.REPLACE_WORD_COUNT_MISMATCH);
    refused(t.promptToPrompt().setTargetPrompt("a zebra"), ReasonCode.WORD_NOT_IN_VOCABULARY);
    refused(
        t.promptToPrompt().setRegion(PlanRegion.WORD_MASK).setMaskWords(List.of("hexagon")),
        ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    refused(t.promptToPrompt().setRegion(PlanRegion.USER_MASK), ReasonCode.EDIT_MASK_MISMATCH);
    refused(t.promptToPrompt().setRegion(PlanRegion.LOCAL_BLEND), ReasonCode.EDIT_INCONSISTENT);
    refused(t.promptToPrompt().setCrossFraction(1.5), ReasonCode.PARAMETER_OUT_OF_RANGE);
    refused(
        t.promptToPrompt().setCrossFraction(0).setReweights(java.util.Map.of(t.newColour, 2.0)),
        ReasonCode.EDIT_INCONSISTENT);
    refused(t.sdEdit().setStrength(0.2), ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS);
    refused(t.sdEdit().setRegion(PlanRegion.USER_MASK), ReasonCode.EDIT_INCONSISTENT);
    refused(t.sdEdit().setSteps(0), ReasonCode.PARAMETER_OUT_OF_RANGE);
    refused(
        t.promptToPrompt().setMethod(PlanMethod.PROMPT_TO_PROMPT).setInversion(null),
        ReasonCode.EDIT_INCONSISTENT);
  }

  private static void refused(EditPlan.Builder plan, ReasonCode code) {
    long calls = model.calls();
    List<Step> steps = new ArrayList<>();
    assertThatThrownBy(
            () ->
                engine.run(
                    plan.build(),
                    SourceImage.decode(t.png32),
                    Optional.empty(),
                    (phase, done, total) -> steps.add(new Step(phase, done, total))))
        .isInstanceOfSatisfying(
            EditException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(code));
    assertThat(model.calls()).as("model calls for a refused plan").isEqualTo(calls);
    assertThat(steps).isEmpty();
  }
}

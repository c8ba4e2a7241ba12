package dev.editstream.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlendFootprint;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.PlanAlignment;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditPlannerTest {
  static final BundleDescriptor SHAPES =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));
  private final EditPlanner planner = new EditPlanner(SHAPES);

  @Test
  void aColourSwapGetsTheTunedAppearanceSettingsAndABlendOnTheColour() {
    EditPlan p =
        plan(
            replace("a red circle on a blue background"),
            "a large red circle on a blue background",
            "a large green circle on a blue background");
    assertThat(p.getMethod()).isEqualTo(PlanMethod.PROMPT_TO_PROMPT);
    assertThat(p.getSteps()).isEqualTo(20);
    assertThat(p.getGuidance()).isEqualTo(7.5);
    assertThat(p.getInversion().getMethod()).isEqualTo(InversionMethod.NULL_TEXT);
    assertThat(p.getInversion().getNullTextInnerSteps()).isEqualTo(10);
    assertThat(p.getAlignment()).isEqualTo(PlanAlignment.REPLACE);
    assertThat(p.getChangedWords()).containsExactly("green");
    assertThat(p.getCrossFraction()).isEqualTo(0.2);
    assertThat(p.getSelfFraction()).isEqualTo(0.6);
    assertThat(p.getRegion()).isEqualTo(PlanRegion.LOCAL_BLEND);
    assertThat(p.getBlend().getSourceWord()).isEqualTo("red");
    assertThat(p.getBlend().getTargetWord()).isEqualTo("green");
    assertThat(p.getBlend().getThreshold()).isEqualTo(0.5);
    assertThat(p.getBlend().getFootprint()).isEqualTo(BlendFootprint.SOURCE);
    assertThat(p.getBlend().getObjectWords()).isEmpty();
    assertThat(p.getDefaults()).contains("shapes32:1.0.0").contains("docs/quality.md");
  }

  @Test
  void aShapeSwapIsStructural() {
    EditPlan p =
        plan(
            replace("x"),
            "a small red circle on a blue background",
            "a small red square on a blue background");
    assertThat(p.getCrossFraction()).isEqualTo(0.8);
    assertThat(p.getSelfFraction()).isEqualTo(0.4);
    assertThat(p.getBlend().getThreshold()).isEqualTo(0.3);
    assertThat(p.getBlend().getFootprint()).isEqualTo(BlendFootprint.SOURCE_AND_TARGET);
    assertThat(p.getBlend().getObjectWords()).isEmpty();
  }

  @Test
  void twoObjectsOfOneColourAreToldApartByThePositionOfTheChange() {
    String caption = "a small pink circle and a large pink square on a white background";
    EditPlan second =
        plan(
            replace("x"),
            caption,
            "a small pink circle and a large green square on a white background");
    assertThat(second.getBlend().getSourceWord()).isEqualTo("pink");
    assertThat(second.getBlend().getObjectWords()).containsExactly("square");
    assertThat(second.getBlend().getOtherWords()).containsExactly("circle");
    EditPlan first =
        plan(
            replace("x"),
            caption,
            "a small green circle and a large pink square on a white background");
    assertThat(first.getBlend().getObjectWords()).containsExactly("circle");
    assertThat(first.getBlend().getOtherWords()).containsExactly("square");
  }

  @Test
  void objectsDifferingOnlyInSizeAreToldApartBySize() {
    EditPlan p =
        plan(
            replace("x"),
            "a small red circle and a large red circle on a white background",
            "a small red circle and a large blue circle on a white background");
    assertThat(p.getBlend().getObjectWords()).containsExactly("large");
    assertThat(p.getBlend().getOtherWords()).containsExactly("small");
  }

  @Test
  void objectsOfDifferentColourAndShapeAreToldApartByBoth() {
    EditPlan p =
        plan(
            replace("x"),
            "a small red square and a large blue triangle on a white background",
            "a small red square and a large green triangle on a white background");
    assertThat(p.getBlend().getObjectWords()).containsExactly("blue", "triangle");
    assertThat(p.getBlend().getOtherWords()).containsExactly("red", "square");
  }

  @Test
  void aBackgroundSwapIsNotSeparated() {
    EditPlan p =
        plan(
            replace("x"),
            "a small red square and a large blue triangle on a white background",
            "a small red square and a large blue triangle on a black background");
    assertThat(p.getBlend().getSourceWord()).isEqualTo("white");
    assertThat(p.getBlend().getObjectWords()).isEmpty();
  }

  @Test
  void aReweightBlendsOnTheReweightedWord() {
    String caption = "a large red circle on a blue background";
    EditRequest r =
        request(
            PromptEdit.newBuilder()
                .setMode(PromptEditMode.REWEIGHT)
                .setTargetPrompt(caption)
                .setReweights(List.of(new WordWeight("red", 2f)))
                .build());
    EditPlan p = planner.plan(r, caption, 1);
    assertThat(p.getReweights()).isEqualTo(Map.of("red", 2.0));
    assertThat(p.getBlend().getSourceWord()).isEqualTo("red");
    assertThat(p.getChangedWords()).isEmpty();
    assertThat(p.getCrossFraction()).isEqualTo(0.2);
  }

  @Test
  void explicitSettingsOverrideTheDefaultsExactly() {
    EditRequest r = replace("a large green circle on a blue background");
    r.setSampler(
        SamplerParams.newBuilder()
            .setDenoisingSteps(7)
            .setGuidance(5f)
            .setCrossAttentionFraction(0.4f)
            .setSelfAttentionFraction(1f)
            .setBlendThreshold(0.3f)
            .setInversion(InversionMethod.DDIM)
            .setNullTextInnerSteps(3)
            .build());
    EditPlan p = planner.plan(r, "a large red circle on a blue background", 9);
    assertThat(p.getSteps()).isEqualTo(7);
    assertThat(p.getGuidance()).isEqualTo(5.0);
    assertThat(p.getCrossFraction()).isEqualTo(0.4);
    assertThat(p.getSelfFraction()).isEqualTo(1.0);
    assertThat(p.getBlend().getThreshold()).isEqualTo(0.3);
    assertThat(p.getInversion().getMethod()).isEqualTo(InversionMethod.DDIM);
    assertThat(p.getInversion().getNullTextInnerSteps()).isEqualTo(3);
    assertThat(p.getSeed()).isEqualTo(9);
  }

  @Test
  void localBlendCanBeTurnedOffAndOnlyAskedForWhereItHasAWord() {
    EditRequest off = replace("a large green circle on a blue background");
    off.setSampler(SamplerParams.newBuilder().setLocalBlend(false).build());
    EditPlan p = planner.plan(off, "a large red circle on a blue background", 1);
    assertThat(p.getBlend()).isNull();
    assertThat(p.getRegion()).isEqualTo(PlanRegion.WHOLE_IMAGE);

    EditRequest on = replace("a small green square on a blue background");
    on.setSampler(SamplerParams.newBuilder().setLocalBlend(true).build());
    assertThatThrownBy(() -> planner.plan(on, "a large red circle on a blue background", 1))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.EDIT_INCONSISTENT));
  }

  @Test
  void masksDecideTheRegion() {
    String caption = "a large red circle on a blue background";
    EditRequest box =
        request(
            MaskedEdit.newBuilder()
                .setTargetPrompt("a large green circle on a blue background")
                .build());
    box.setMask(new MaskBox(0, 0, 8, 8));
    assertThat(planner.plan(box, caption, 1).getRegion()).isEqualTo(PlanRegion.USER_MASK);
    EditRequest words = replace("a large green circle on a blue background");
    words.setMask(new MaskWords(List.of("Circle")));
    EditPlan p = planner.plan(words, caption, 1);
    assertThat(p.getRegion()).isEqualTo(PlanRegion.WORD_MASK);
    assertThat(p.getMaskWords()).containsExactly("circle");
    assertThat(p.getMaskThreshold()).isEqualTo(0.5);
    assertThat(p.getBlend()).isNull();
  }

  @Test
  void sdeditAndVariationNeedNoInversion() {
    EditPlan sd =
        planner.plan(
            request(new SdEdit(0.5f, "a large green circle on a blue background")), null, 3);
    assertThat(sd.getMethod()).isEqualTo(PlanMethod.SDEDIT);
    assertThat(sd.getStrength()).isEqualTo(0.5);
    assertThat(sd.getInversion()).isNull();
    EditPlan v = planner.plan(request(new Variation()), null, 3);
    assertThat(v.getMethod()).isEqualTo(PlanMethod.VARIATION);
    assertThat(v.getSeed()).isEqualTo(3);
  }

  @Test
  void seedsDeriveFromTheRequestIdWhenNotGiven() {
    assertThat(Seeds.forRequest("abc", null)).isEqualTo(Seeds.forRequest("abc", null));
    assertThat(Seeds.forRequest("abc", null)).isNotEqualTo(Seeds.forRequest("abd", null));
    assertThat(Seeds.forRequest("abc", 5L)).isEqualTo(5L);
  }

  private EditPlan plan(EditRequest r, String caption, String target) {
    ((PromptEdit) r.getEdit()).setTargetPrompt(target);
    return planner.plan(r, caption, 1);
  }

  static EditRequest replace(String target) {
    return request(
        PromptEdit.newBuilder().setMode(PromptEditMode.REPLACE).setTargetPrompt(target).build());
  }

  static EditRequest request(Object edit) {
    return EditRequest.newBuilder()
        .setRequestId("r1")
        .setImage(ByteBuffer.wrap(new byte[] {1}))
        .setEdit(edit)
        .setBundleName("shapes32")
        .build();
  }
}

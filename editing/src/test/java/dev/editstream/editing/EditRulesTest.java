package dev.editstream.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.WordWeight;
import java.util.List;
import org.junit.jupiter.api.Test;

class EditRulesTest {
  private static final String CAPTION = "a large red circle on a blue background";
  private final EditRules rules = new EditRules(EditPlannerTest.SHAPES);

  @Test
  void aValidReplacePasses() {
    assertThatCode(
            () ->
                rules.check(
                    EditPlannerTest.replace("a large green circle on a blue background"), CAPTION))
        .doesNotThrowAnyException();
  }

  @Test
  void eachBrokenRuleHasItsOwnCode() {
    assertThat(reason(EditPlannerTest.replace("a green circle on a blue background"), CAPTION))
        .isEqualTo(ReasonCode.REPLACE_WORD_COUNT_MISMATCH);
    assertThat(reason(EditPlannerTest.replace("a large green dog on a blue background"), CAPTION))
        .isEqualTo(ReasonCode.WORD_NOT_IN_VOCABULARY);
    assertThat(
            reason(EditPlannerTest.replace("a large green circle, on a blue background"), CAPTION))
        .isEqualTo(ReasonCode.WORD_HAS_PUNCTUATION);
    assertThat(
            reason(
                EditPlannerTest.replace("a large green circle on a blue background"),
                "a large red circle on a blue background and a small red square and a blue"))
        .isEqualTo(ReasonCode.PROMPT_TOO_MANY_TOKENS);
    EditRequest weak = EditPlannerTest.request(new SdEdit(0.04f, CAPTION));
    assertThat(reason(weak, null)).isEqualTo(ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS);
    weak.setSampler(SamplerParams.newBuilder().setDenoisingSteps(50).build());
    assertThatCode(() -> rules.check(weak, null)).doesNotThrowAnyException();
    EditRequest mask = EditPlannerTest.replace("a large green circle on a blue background");
    mask.setMask(new MaskWords(List.of("square")));
    assertThat(reason(mask, CAPTION)).isEqualTo(ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    EditRequest reweight =
        EditPlannerTest.request(
            PromptEdit.newBuilder()
                .setMode(PromptEditMode.REWEIGHT)
                .setTargetPrompt(CAPTION)
                .setReweights(List.of(new WordWeight("green", 2f)))
                .build());
    assertThat(reason(reweight, CAPTION)).isEqualTo(ReasonCode.EDIT_INCONSISTENT);
  }

  @Test
  void aMissingCaptionDefersTheChecksThatNeedIt() {
    assertThatCode(
            () -> rules.check(EditPlannerTest.replace("a green circle on a blue background"), null))
        .doesNotThrowAnyException();
  }

  private ReasonCode reason(EditRequest r, String caption) {
    try {
      rules.check(r, caption);
      throw new AssertionError("accepted");
    } catch (EditException e) {
      assertThat(e.detail()).isNotBlank();
      return e.reason();
    }
  }
}

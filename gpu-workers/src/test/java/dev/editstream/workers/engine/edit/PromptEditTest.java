package dev.editstream.workers.engine.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.image.Mask;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptEditTest {

  @Test
  void plainSwapNeedsNoSourceBranchButEveryControlDoes() {
    assertThat(PromptEdit.plainSwap("a red circle").needsSource()).isFalse();
    assertThat(PromptEdit.replace("a red circle").needsSource()).isTrue();
    assertThat(PromptEdit.plainSwap("a red circle").withUserMask(Mask.full(4, 4)).needsSource())
        .isTrue();
    assertThat(
            PromptEdit.plainSwap("a red circle")
                .withLocalBlend(BlendWords.of("circle", "circle"))
                .needsSource())
        .isTrue();
    assertThat(PromptEdit.refine("a red circle").alignment()).isEqualTo(Alignment.REFINE);
  }

  @Test
  void reweightWithoutCrossInjectionIsRejected() {
    assertThatThrownBy(() -> PromptEdit.plainSwap("a red circle").withReweight(Map.of("red", 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cross");
    assertThat(
            PromptEdit.replace("a red circle")
                .withReweight(Map.of("red", 2.0))
                .withInjection(new InjectionSchedule(0.5, 0, 0))
                .reweight())
        .containsEntry("red", 2.0);
  }
}

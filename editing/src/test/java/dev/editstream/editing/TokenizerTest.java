package dev.editstream.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  /** The committed bundle's tokenizer. */
  static final Tokenizer SHAPES =
      BundleManifest.read(Path.of("../models/bundles/shapes32")).newTokenizer();

  private final Tokenizer tok = SHAPES;

  @Test
  void roundTripsCaptionsOfTheBundledWorld() {
    for (String caption :
        List.of(
            "a red circle on a blue background",
            "a small pink circle and a large pink square on a white background",
            "a large yellow diamond on a gray background")) {
      int[] ids = tok.encode(caption);
      assertThat(ids).hasSize(16);
      assertThat(ids[0]).isEqualTo(Tokenizer.SOS);
      assertThat(tok.decode(ids)).isEqualTo(caption);
      assertThat(Tokenizer.eosPosition(ids)).isEqualTo(caption.split(" ").length + 1);
    }
  }

  @Test
  void emptyPromptIsStartEndPadding() {
    int[] ids = tok.encode("");
    assertThat(ids[0]).isEqualTo(Tokenizer.SOS);
    assertThat(ids[1]).isEqualTo(Tokenizer.EOS);
    for (int i = 2; i < ids.length; i++) {
      assertThat(ids[i]).isEqualTo(Tokenizer.PAD);
    }
  }

  @Test
  void rejectsUnknownWordsAndTooLongPrompts() {
    assertThatThrownBy(() -> tok.encode("a red dog")).hasMessageContaining("unknown word 'dog'");
    assertThatThrownBy(() -> tok.encode("a ".repeat(15))).hasMessageContaining("at most 14 fit");
    assertThatThrownBy(() -> tok.encode("<eos>")).hasMessageContaining("unknown word");
  }

  @Test
  void eachRuleHasItsReasonCode() {
    assertThat(reason("a red dog")).isEqualTo(ReasonCode.WORD_NOT_IN_VOCABULARY);
    assertThat(reason("a red circle, on a blue background"))
        .isEqualTo(ReasonCode.WORD_HAS_PUNCTUATION);
    assertThat(reason("a ".repeat(15))).isEqualTo(ReasonCode.PROMPT_TOO_MANY_TOKENS);
  }

  private ReasonCode reason(String prompt) {
    try {
      tok.encode(prompt);
      throw new AssertionError("accepted " + prompt);
    } catch (EditException e) {
      return e.reason();
    }
  }
}

package dev.editstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.models.world.World;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private final Tokenizer tok = Tokenizer.of(World.vocabulary(), 16);

  @Test
  void roundTripsEveryCaptionOfTheWorld() {
    World w = new World(2);
    for (long k = 0; k < 300; k++) {
      String caption = w.scene(k).caption();
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
    assertThatThrownBy(() -> tok.encode("a ".repeat(15))).hasMessageContaining("at most 14");
    assertThatThrownBy(() -> tok.encode("<eos>")).hasMessageContaining("unknown word");
  }
}

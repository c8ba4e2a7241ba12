package dev.editstream.workers.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.World;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.workers.engine.image.Mask;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAlignmentTest {
  private static final Tokenizer TOK = Tokenizer.of(World.vocabulary(), 16);

  @Test
  void wordSwapMapsEveryTokenToItselfWhenWordsAreOneTokenEach() {
    TokenAlignment a =
        TokenAlignment.replace(
            TOK,
            "a large red circle on a blue background",
            "a large green circle on a blue background");
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        assertThat(a.map(i, j)).as("(%d,%d)", i, j).isEqualTo(i == j ? 1f : 0f);
      }
    }
    assertThat(a.alpha()).containsOnly(1f);
  }

  @Test
  void wordSwapNeedsEqualWordCounts() {
    assertThatThrownBy(() -> TokenAlignment.replace(TOK, "a red circle", "a large red circle"))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.REPLACE_WORD_COUNT_MISMATCH))
        .hasMessageContaining("equal word counts");
  }

  @Test
  void refinementAlignsOldTokensAndLeavesAddedWordsTheirOwnMaps() {
    TokenAlignment a =
        TokenAlignment.refine(
            TOK, "a red circle on a blue background", "a large red circle on a blue background");
    // target: SOS a large red circle on a blue background EOS (10 tokens)
    assertThat(a.map(0, 0)).isEqualTo(1f);
    assertThat(a.map(1, 1)).isEqualTo(1f);
    assertThat(a.alpha()[2]).isZero(); // "large" is new
    for (int i = 0; i < 16; i++) {
      assertThat(a.map(i, 2)).isZero();
    }
    for (int j = 3; j <= 9; j++) {
      assertThat(a.map(j - 1, j)).as("target %d", j).isEqualTo(1f);
      assertThat(a.alpha()[j]).isEqualTo(1f);
    }
    // padding maps to itself
    assertThat(a.map(12, 12)).isEqualTo(1f);
  }

  @Test
  void alignerFollowsPromptToPromptOnADeletion() {
    // x = S a large red circle E, y = S a red circle E
    int[] yToX = SequenceAligner.align(new int[] {1, 3, 9, 10, 20, 2}, new int[] {1, 3, 10, 20, 2});
    assertThat(yToX).containsExactly(0, 1, 3, 4, 5);
  }

  @Test
  void reweightScalesTheChosenWordsColumns() {
    String p = "a large red circle on a blue background";
    TokenAlignment a = TokenAlignment.identity(16).reweighted(TOK, p, Map.of("red", 2.0));
    assertThat(a.map(3, 3)).isEqualTo(2f);
    assertThat(a.map(4, 4)).isEqualTo(1f);
    assertThat(TokenAlignment.tokenPositions(TOK, p, "a")).containsExactly(1, 6);
    assertThatThrownBy(() -> a.reweighted(TOK, p, Map.of("square", 2.0)))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.EDIT_INCONSISTENT))
        .hasMessageContaining("square");
  }

  @Test
  void editedPositionsFollowTheOccurrenceTheEditChanges() {
    String source = "a small yellow triangle and a large yellow diamond on a blue background";
    String target = "a small yellow triangle and a large green diamond on a blue background";
    // one token per word, after the start token: "yellow" is word 2 and word 7
    assertThat(TokenAlignment.tokenPositions(TOK, source, "yellow")).containsExactly(3, 8);
    assertThat(TokenAlignment.editedTokenPositions(TOK, source, target, "yellow"))
        .containsExactly(8);
    String red = "a small red triangle and a large green diamond on a blue background";
    String both = "a small green triangle and a large green diamond on a blue background";
    assertThat(TokenAlignment.editedTokenPositions(TOK, both, red, "green")).containsExactly(3);
    assertThat(TokenAlignment.editedTokenPositions(TOK, source, source, "yellow"))
        .containsExactly(3, 8);
    assertThat(TokenAlignment.editedTokenPositions(TOK, source, "a green diamond", "yellow"))
        .containsExactly(3, 8);
  }

  @Test
  void injectionScheduleUsesPromptToPromptsBoundaries() {
    InjectionSchedule s = InjectionSchedule.promptToPrompt();
    // cross: int(0.8 * 51) = 40 steps; self: int(0.4 * 50) = 20 steps
    assertThat(s.crossAt(39, 50)).isEqualTo(1f);
    assertThat(s.crossAt(40, 50)).isZero();
    assertThat(s.selfAt(19, 50)).isEqualTo(1f);
    assertThat(s.selfAt(20, 50)).isZero();
    assertThat(s.unconditionalSelfAt(0, 50)).isZero();
  }

  @Test
  void minMaxNormalisationIgnoresAnAttentionFloorThatMaxNormalisationCannot() {
    int r = 4;
    float[][] maps = new float[16][r * r];
    java.util.Arrays.fill(maps[5], 0.5f);
    maps[5][0] = 1f;
    int[] word = {5};
    assertThat(LocalBlend.promptToPrompt().wordMask(maps, word, r, 4, 4).area()).isEqualTo(16.0);
    // pooling spreads the hot corner over 2x2 cells
    assertThat(LocalBlend.defaults().wordMask(maps, word, r, 4, 4).area()).isEqualTo(4.0);
  }

  @Test
  void localBlendMasksWhereEitherWordAttends() {
    int r = 4;
    float[][] src = new float[16][r * r];
    float[][] tgt = new float[16][r * r];
    src[3][0] = 1f; // top-left corner
    tgt[3][15] = 1f; // bottom-right corner
    LocalBlend lb = LocalBlend.defaults();
    var mask = lb.mask(src, new int[] {3}, tgt, new int[] {3}, r, 8, 8);
    // 3x3 pooling spreads each hot cell over its neighbours: 2x2 cells = 4x4 pixels per corner
    assertThat(mask.area()).isEqualTo(32.0);
    assertThat(mask.get(0, 0)).isEqualTo(1f);
    assertThat(mask.get(7, 7)).isEqualTo(1f);
    assertThat(mask.get(0, 7)).isZero();
    assertThat(LocalBlend.promptToPrompt().mask(src, new int[] {3}, tgt, new int[] {3}, r, 8, 8))
        .isEqualTo(mask);
    assertThat(lb.activeAfter(9, 50)).isFalse();
    assertThat(lb.activeAfter(10, 50)).isTrue();
    // the source footprint keeps the source word's corner only
    var source =
        lb.withFootprint(LocalBlend.Footprint.SOURCE)
            .mask(src, new int[] {3}, tgt, new int[] {3}, r, 8, 8);
    assertThat(source.area()).isEqualTo(16.0);
    assertThat(source.get(0, 0)).isEqualTo(1f);
    assertThat(source.get(7, 7)).isZero();
  }

  @Test
  void separationKeepsTheMaskWhereTheObjectsWordsOutAttendTheOthers() {
    int r = 4;
    float[][] maps = new float[16][r * r];
    for (int i = 0; i < r * r; i++) {
      maps[6][i] = i % r < 2 ? 1f : 0f; // the edited object's word: the left half
      maps[9][i] = i % r < 2 ? 0f : 1f; // the other object's word: the right half
    }
    Mask top = Mask.of(8, 8, topHalf(8));
    Mask kept = LocalBlend.defaults().separated(top, maps, new int[] {6}, new int[] {9}, r);
    // pooling widens both halves by a cell; where they tie, the edited object keeps the pixel
    assertThat(kept.get(0, 0)).isEqualTo(1f);
    assertThat(kept.get(0, 7)).isZero();
    assertThat(kept.get(7, 0)).isZero();
    assertThat(kept.area()).isLessThan(top.area()).isPositive();
  }

  private static boolean[] topHalf(int n) {
    boolean[] in = new boolean[n * n];
    for (int i = 0; i < n * n / 2; i++) {
      in[i] = true;
    }
    return in;
  }
}

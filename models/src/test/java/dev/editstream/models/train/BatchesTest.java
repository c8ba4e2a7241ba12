package dev.editstream.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private final Tokenizer tokenizer = ModelConfig.standard().tokenizer();

  @Test
  void aContrastiveBatchIsAFunctionOfSeedAndIndex() {
    Batches.Contrastive a = new Batches(3, tokenizer, 64).contrastive(7);
    Batches.Contrastive b = new Batches(3, tokenizer, 64).contrastive(7);
    assertThat(a.ids()).containsExactly(b.ids());
    assertThat(a.images()).containsExactly(b.images());
    assertThat(new Batches(3, tokenizer, 64).contrastive(8).ids()).isNotEqualTo(a.ids());
  }

  @Test
  void contrastiveBatchesHoldHardNegativesSideBySide() {
    int batch = 128;
    int l = tokenizer.contextLength();
    Batches.Contrastive c = new Batches(3, tokenizer, batch).contrastive(0);
    int pairs = 0;
    for (int b = 0; b + 1 < batch; b++) {
      int[] first = withoutSizes(Arrays.copyOfRange(c.ids(), b * l, (b + 1) * l));
      int[] second = withoutSizes(Arrays.copyOfRange(c.ids(), (b + 1) * l, (b + 2) * l));
      pairs += differInAtMostTwoWords(first, second) ? 1 : 0;
    }
    // half the scenes are followed by a hard negative, which takes the next slot
    assertThat(pairs).isBetween(batch / 6, batch / 2);
  }

  @Test
  void aHardNegativeChangesOneThingOrExchangesTheColours() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    for (int k = 0; k < 500; k++) {
      Scene s = World.sample(rnd);
      Scene n = Batches.hardNegative(s, rnd);
      int[] a = withoutSizes(tokenizer.encode(s.caption(false, false)));
      int[] b = withoutSizes(tokenizer.encode(n.caption(false, false)));
      assertThat(differInAtMostTwoWords(a, b)).as(s.caption() + " / " + n.caption()).isTrue();
      assertThat(n.objects()).hasSameSizeAs(s.objects());
    }
  }

  /** The same length and at most two differing words (a colour exchange changes two). */
  private static boolean differInAtMostTwoWords(int[] a, int[] b) {
    if (a.length != b.length) {
      return false;
    }
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      differ += a[i] != b[i] ? 1 : 0;
    }
    return differ <= 2;
  }

  private int[] withoutSizes(int[] ids) {
    int small = tokenizer.tokens().indexOf("small");
    int large = tokenizer.tokens().indexOf("large");
    return Arrays.stream(ids).filter(t -> t != small && t != large && t != Tokenizer.PAD).toArray();
  }
}

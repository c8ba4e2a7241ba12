package dev.editstream.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.models.Tokenizer;
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
  void contrastiveBatchesHoldBindingTwinsSideBySide() {
    int batch = 128;
    int l = tokenizer.contextLength();
    Batches.Contrastive c = new Batches(3, tokenizer, batch).contrastive(0);
    int twins = 0;
    for (int b = 0; b + 1 < batch; b++) {
      int[] first = Arrays.copyOfRange(c.ids(), b * l, (b + 1) * l);
      int[] second = Arrays.copyOfRange(c.ids(), (b + 1) * l, (b + 2) * l);
      twins += sameWordsInAnotherOrder(first, second) ? 1 : 0;
    }
    // about a third of scenes have two objects that can be exchanged, half of those get a twin
    assertThat(twins).isBetween(batch / 20, batch / 3);
  }

  /**
   * Same multiset of words, different sequence: the colours were exchanged. Size words are left out
   * of the comparison, as each caption drops them independently.
   */
  private boolean sameWordsInAnotherOrder(int[] a, int[] b) {
    int[] sa = withoutSizes(a);
    int[] sb = withoutSizes(b);
    if (Arrays.equals(sa, sb)) {
      return false;
    }
    Arrays.sort(sa);
    Arrays.sort(sb);
    return Arrays.equals(sa, sb);
  }

  private int[] withoutSizes(int[] ids) {
    int small = tokenizer.tokens().indexOf("small");
    int large = tokenizer.tokens().indexOf("large");
    return Arrays.stream(ids).filter(t -> t != small && t != large && t != Tokenizer.PAD).toArray();
  }
}

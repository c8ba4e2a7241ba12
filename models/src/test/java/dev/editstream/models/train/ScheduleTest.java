package dev.editstream.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void learningRateWarmsUpThenDecaysToATenth() {
    assertThat(Adam.schedule(1f, 100, 1000, 0)).isCloseTo(0.01f, within(1e-6f));
    assertThat(Adam.schedule(1f, 100, 1000, 99)).isCloseTo(1f, within(1e-6f));
    assertThat(Adam.schedule(1f, 100, 1000, 550)).isCloseTo(0.55f, within(1e-3f));
    assertThat(Adam.schedule(1f, 100, 1000, 1000)).isCloseTo(0.1f, within(1e-6f));
  }

  @Test
  void emaDecayWarmsUpTowards0999() {
    assertThat(Adam.emaDecayAt(0)).isCloseTo(0.1f, within(1e-6f));
    assertThat(Adam.emaDecayAt(100_000)).isEqualTo(0.999f);
  }

  @Test
  void batchesAreAFunctionOfSeedAndIndex() {
    var tok = ModelConfig.tiny().tokenizer();
    double[] abar = Batches.schedule().alphasCumprod();
    Batches a = new Batches(3, tok, 4);
    Batches b = new Batches(3, tok, 4);
    assertThat(a.denoising(17, abar).noisy()).containsExactly(b.denoising(17, abar).noisy());
    assertThat(a.contrastive(5).ids()).containsExactly(b.contrastive(5).ids());
    assertThat(a.denoising(17, abar).t()).isNotEqualTo(a.denoising(18, abar).t());
  }

  @Test
  void contrastiveTargetsAreRowStochastic() {
    Batches.Contrastive c = new Batches(1, ModelConfig.tiny().tokenizer(), 16).contrastive(0);
    for (int i = 0; i < 16; i++) {
      float sum = 0;
      for (int j = 0; j < 16; j++) {
        sum += c.targets()[i * 16 + j];
      }
      assertThat(sum).isCloseTo(1f, within(1e-6f));
      assertThat(c.targets()[i * 16 + i]).isPositive();
    }
  }
}

package dev.editstream.workers.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DdimSchedulerTest {
  private static final NoiseSchedule SD = NoiseSchedule.of(ScheduleConfig.stableDiffusion());

  @Test
  void stableDiffusionLeadingFiftyStepsRunFrom981DownTo1() {
    int[] ts = DdimScheduler.of(SD, 50).timesteps();
    assertThat(ts).hasSize(50);
    assertThat(ts[0]).isEqualTo(981);
    assertThat(ts[1]).isEqualTo(961);
    assertThat(ts[48]).isEqualTo(21);
    assertThat(ts[49]).isEqualTo(1);
  }

  @Test
  void threeStepsWithEachSpacingMatchDiffusers() {
    assertThat(DdimScheduler.of(SD, 3).timesteps()).containsExactly(667, 334, 1);
    NoiseSchedule trailing =
        NoiseSchedule.of(ScheduleConfig.stableDiffusion().withSpacing(TimestepSpacing.TRAILING));
    // round(arange(1000, 0, -333.33)) - 1 = 1000, 667, 333 minus one
    assertThat(DdimScheduler.of(trailing, 3).timesteps()).containsExactly(999, 666, 332);
    assertThat(DdimScheduler.of(trailing, 10).timesteps())
        .containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
    NoiseSchedule linspace =
        NoiseSchedule.of(ScheduleConfig.stableDiffusion().withSpacing(TimestepSpacing.LINSPACE));
    // linspace(0, 999, 3) = 0, 499.5, 999; numpy rounds 499.5 half-to-even to 500
    assertThat(DdimScheduler.of(linspace, 3).timesteps()).containsExactly(999, 500, 0);
    // linspace(0, 999, 5) = 0, 249.75, 499.5, 749.25, 999
    assertThat(DdimScheduler.of(linspace, 5).timesteps()).containsExactly(999, 749, 500, 250, 0);
  }

  @Test
  void alphasCumprodMatchAnIndependentComputation() {
    double s = Math.sqrt(0.00085);
    double e = Math.sqrt(0.012);
    double prod = 1;
    for (int t = 0; t < 1000; t++) {
      double beta = Math.pow(s + t * (e - s) / 999, 2);
      prod *= 1 - beta;
      assertThat(SD.alphaCumprod(t)).as("t=%d", t).isCloseTo(prod, within(2e-6 * prod + 1e-9));
    }
    assertThat(SD.alphaCumprod(0)).isCloseTo(0.99915, within(1e-7));
    assertThat(SD.alphaCumprod(999)).isCloseTo(0.0046, within(1e-4));
    assertThat(SD.finalAlphaCumprod()).isEqualTo(SD.alphaCumprod(0));
  }

  @Test
  void linearScheduleMatchesAnIndependentComputation() {
    NoiseSchedule lin =
        NoiseSchedule.of(
            new ScheduleConfig(
                1000, 1e-4, 0.02, BetaSchedule.LINEAR, 1, true, TimestepSpacing.LEADING));
    double prod = 1;
    for (int t = 0; t < 1000; t++) {
      prod *= 1 - (1e-4 + t * (0.02 - 1e-4) / 999);
      assertThat(lin.alphaCumprod(t)).isCloseTo(prod, within(2e-6 * prod + 1e-9));
    }
    assertThat(lin.finalAlphaCumprod()).isEqualTo(1.0);
  }

  @Test
  void samplingMovesGoFromEachTimestepToTheNextAndEndOnTheFinalAlpha() {
    DdimScheduler sampler = DdimScheduler.of(SD, 50);
    DdimStep first = sampler.step(0);
    assertThat(first.alphaFrom()).isEqualTo(SD.alphaCumprod(981));
    assertThat(first.alphaTo()).isEqualTo(SD.alphaCumprod(961));
    DdimStep last = sampler.step(49);
    assertThat(last.alphaFrom()).isEqualTo(SD.alphaCumprod(1));
    assertThat(last.alphaTo()).isEqualTo(SD.finalAlphaCumprod());
  }

  @Test
  void inversionMirrorsSampling() {
    DdimScheduler sampler = DdimScheduler.of(SD, 50);
    DdimInverseScheduler inverse = sampler.inverse();
    assertThat(inverse.timesteps()[0]).isEqualTo(1);
    assertThat(inverse.timesteps()[49]).isEqualTo(981);
    assertThat(inverse.step(0).alphaFrom()).isEqualTo(SD.finalAlphaCumprod());
    assertThat(inverse.step(49).alphaTo()).isEqualTo(SD.alphaCumprod(981));
  }

  @Test
  void stepMatchesTheClosedFormAndItsReverseUndoesIt() {
    DdimStep step = new DdimStep(500, 0.3, 0.5);
    float[] x = {0.5f, -1.2f, 2f};
    float[] eps = {0.1f, 0.7f, -0.4f};
    float[] out = step.apply(x, eps);
    for (int i = 0; i < x.length; i++) {
      double x0 = (x[i] - Math.sqrt(0.7) * eps[i]) / Math.sqrt(0.3);
      assertThat(out[i])
          .isCloseTo((float) (Math.sqrt(0.5) * x0 + Math.sqrt(0.5) * eps[i]), within(1e-6f));
    }
    float[] back = step.reversed().apply(out, eps);
    assertThat(back).containsExactly(x, within(1e-5f));
  }

  @Test
  void tailKeepsTheLastStrengthShareOfSteps() {
    DdimScheduler sampler = DdimScheduler.of(SD, 50);
    assertThat(sampler.tail(0.6).timesteps()).hasSize(30).startsWith(581).endsWith(1);
    assertThat(sampler.tail(1.0).size()).isEqualTo(50);
    assertThatThrownBy(() -> sampler.tail(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void guidanceMixesBranches() {
    Guidance g = new Guidance(7.5);
    assertThat(g.combine(new float[] {1f}, new float[] {2f})).containsExactly(8.5f);
    assertThat(g.unconditionalWeight()).isEqualTo(-6.5);
    assertThat(Guidance.none().needsUnconditional()).isFalse();
  }
}

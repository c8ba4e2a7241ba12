package dev.editstream.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout batching ships with is safe on the test bundle and this build (two intra-op threads,
 * as {@link TestModels} loads it): every call, every padded size, every position gives the bits of
 * the first. If this fails on a new build, CPU or bundle, the layout must change with it.
 */
class BatchLayoutProbeTest {

  private static final BatchLayoutProbe PROBE = new BatchLayoutProbe(TestModels.model(), 7);

  @Test
  void theShippedLayoutIsSafeForEveryCall() {
    BatchLayout layout = BatchLayout.forThreads(2);
    assertThat(layout.paddedSizes()).containsExactly(4, 6, 12, 24);
    assertThat(PROBE.problems(layout)).isEmpty();
  }

  @Test
  void theProbeFindsAnUnsafeSize() {
    // odd sizes change eps_vjp_context's bits here, and denoise's on the machine of
    // probe-batching.md: the check can fail
    assertThat(PROBE.problems(new BatchLayout(List.of(2, 3), 2))).isNotEmpty();
    assertThat(PROBE.unsafePositions(DenoiserCall.DENOISE, 6)).isEmpty();
  }

  @Test
  void theStartUpCheckPassesTheShippedLayoutAndRefusesAnUnsafeOne() {
    assertThat(PROBE.quickProblems(BatchLayout.forThreads(2))).isEmpty();
    assertThat(PROBE.quickProblems(new BatchLayout(List.of(4, 5), 2))).isNotEmpty();
    int threads = Runtime.getRuntime().availableProcessors();
    BatchSettings unsafe =
        new BatchSettings(
            true, new BatchLayout(List.of(4, 5), threads), 5, java.time.Duration.ofMillis(5));
    assertThatThrownBy(
            () ->
                dev.editstream.workers.engine.EditEngine.open(
                    TestModels.location().orElseThrow(),
                    dev.editstream.models.BundleOptions.defaults(),
                    List.of(),
                    unsafe,
                    DenoiserCallListener.none()))
        .isInstanceOf(UnsafeBatchLayoutException.class)
        .hasMessageContaining("[4, 5]")
        .hasMessageContaining("editstream.worker.batch.sizes");
  }

  @Test
  void aCallRunsAtTheSmallestSizeThatHoldsIt() {
    BatchLayout layout = BatchLayout.forThreads(2);
    assertThat(layout.paddedSize(1)).isEqualTo(4);
    assertThat(layout.paddedSize(4)).isEqualTo(4);
    assertThat(layout.paddedSize(5)).isEqualTo(6);
    assertThat(layout.paddedSize(13)).isEqualTo(12 * 2);
    assertThat(layout.maxRows()).isEqualTo(24);
    assertThatThrownBy(() -> layout.paddedSize(25)).hasMessageContaining("do not fit");
    assertThat(BatchLayout.forThreads(1).paddedSize(1)).isEqualTo(6);
    assertThat(layout.fingerprint()).isEqualTo("rows padded to [4, 6, 12, 24], intra-op 2");
  }

  @Test
  void refusesSizesThatAreNotAscending() {
    assertThatThrownBy(() -> new BatchLayout(List.of(6, 4), 2)).hasMessageContaining("ascending");
    assertThatThrownBy(() -> new BatchLayout(List.of(), 2)).hasMessageContaining("at least one");
  }
}

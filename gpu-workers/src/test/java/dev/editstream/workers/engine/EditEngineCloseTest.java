package dev.editstream.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.models.BundleOptions;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.model.BundleClosedException;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EditEngineCloseTest {
  static final long PATIENCE_S = 120;

  @Test
  void closingUnderARunningEditIsRefusedAndCallsAfterClosingFailCleanly() throws Exception {
    TestPlans t = new TestPlans();
    SourceImage source = t.source(48, 80);
    EditEngine engine = EditEngine.open(TestModels.directory(), new BundleOptions(2, 1));
    CountDownLatch midRun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StepListener blocking =
        (phase, done, total) -> {
          if (phase == StepPhase.SAMPLING && done == 2) {
            midRun.countDown();
            await(release);
          }
        };
    CompletableFuture<PlannedEditResult> running =
        CompletableFuture.supplyAsync(
            () ->
                engine.run(
                    t.sdEdit().setStrength(1.0).build(), source, Optional.empty(), blocking));
    try {
      assertThat(midRun.await(PATIENCE_S, TimeUnit.SECONDS)).as("the run reached step 2").isTrue();
      assertThatThrownBy(engine::close)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in flight");
      // refused, not closed: the bundle still serves calls while the first run waits
      assertThat(engine.model().context(t.caption)).isNotEmpty();
    } finally {
      release.countDown();
    }
    PlannedEditResult r = running.get(PATIENCE_S, TimeUnit.SECONDS);
    assertThat(r.image().height()).isEqualTo(48);
    assertThat(engine.model().gate().inFlight()).isZero();

    engine.close();
    engine.close();
    assertThatThrownBy(
            () -> engine.run(t.sdEdit().build(), source, Optional.empty(), StepListener.none()))
        .isInstanceOf(BundleClosedException.class);
    assertThatThrownBy(() -> engine.model().embed(List.of(t.caption)))
        .isInstanceOf(BundleClosedException.class);
    assertThatThrownBy(() -> engine.editor().sdEdit(source.resampled(32), t.sdEditValue()))
        .isInstanceOf(BundleClosedException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(PATIENCE_S, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

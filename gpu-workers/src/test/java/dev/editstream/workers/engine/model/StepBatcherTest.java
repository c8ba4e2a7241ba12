package dev.editstream.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.editstream.editing.BundleException;
import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * The batcher's scheduling over a stand-in for the bundle (the unit's edge; the bits are {@link
 * dev.editstream.workers.engine.BatchedBurstTest}'s, on the real bundle): who joins a full call
 * first, padding, one job's failure staying its own, and halving after running out of memory. A
 * row's latent is one float, its job's tag; the stand-in returns it as the row's eps.
 */
class StepBatcherTest {

  private final List<float[]> calls = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private volatile boolean holdFirstCall;
  private volatile int failAbove = Integer.MAX_VALUE;
  private volatile float poison = Float.NaN;

  private final Denoiser bundle =
      new Denoiser() {
        @Override
        public DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts) {
          float[] tags = new float[latents.length];
          for (int r = 0; r < latents.length; r++) {
            tags[r] = latents[r][0];
            if (tags[r] == poison) {
              throw new BundleException(BundleException.Reason.BAD_INPUT, "poisoned row");
            }
          }
          calls.add(tags);
          if (holdFirstCall && calls.size() == 1) {
            awaitRelease();
          }
          if (latents.length > failAbove) {
            throw new BundleException(
                BundleException.Reason.RUNTIME,
                "denoise failed",
                new TFResourceExhaustedException("OOM when allocating tensor"));
          }
          return new DenoiseOutput(FloatTensor.of(tags, latents.length, 1, 1, 1), Map.of());
        }

        @Override
        public DenoiseOutput denoiseP2p(
            float[][] latents, int[] t, float[][] contexts, AttentionControl control) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ContextGradient epsVjpContext(
            float[][] latents, int[] t, float[][] contexts, float[][] cotangents) {
          throw new UnsupportedOperationException();
        }
      };

  private StepBatcher batcher;

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
    if (batcher != null) {
      batcher.close();
    }
  }

  private StepBatcher start(int maxRows, Duration delay) {
    batcher =
        new StepBatcher(
            bundle,
            new BatchSettings(true, new BatchLayout(List.of(4, 6, 12), 2), maxRows, delay),
            DenoiserCallListener.none(),
            1,
            1,
            1,
            "test");
    return batcher;
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A seated job on its own thread making one call of {@code rows} rows tagged {@code tag}. */
  private Future<float[]> job(int priority, float tag, int rows) {
    CompletableFuture<Void> seated = new CompletableFuture<>();
    Future<float[]> f =
        threads.submit(
            () -> {
              try (JobSeat seat = batcher.seat(priority)) {
                seated.complete(null);
                float[][] latents = new float[rows][];
                for (int r = 0; r < rows; r++) {
                  latents[r] = new float[] {tag};
                }
                return batcher
                    .calls
                    .denoise(latents, new int[rows], new float[rows][1])
                    .eps()
                    .values();
              }
            });
    seated.join();
    return f;
  }

  @Test
  void higherPriorityJoinsAFullCallFirstAndEveryCallIsPadded() throws Exception {
    start(4, Duration.ofSeconds(1));
    holdFirstCall = true;
    Future<float[]> blocker = job(0, 9, 1); // holds the batcher's thread in its call
    await().until(() -> calls.size() == 1);
    Future<float[]> low = job(0, 1, 2);
    Future<float[]> high = job(5, 2, 2);
    Future<float[]> middle = job(1, 3, 2);
    await().until(() -> batcher.pendingBlocks() == 3);
    release.countDown();

    assertThat(blocker.get()).containsExactly(9);
    assertThat(high.get()).containsExactly(2, 2);
    assertThat(middle.get()).containsExactly(3, 3);
    assertThat(low.get()).containsExactly(1, 1);
    // a lone row runs padded to 4; then the two highest priorities fill a call; then the last
    assertThat(calls.get(0)).containsExactly(9, 0, 0, 0);
    assertThat(calls.get(1)).containsExactly(2, 2, 3, 3);
    assertThat(calls.get(2)).containsExactly(1, 1, 0, 0);
  }

  @Test
  void oneJobsFailureStaysItsOwn() throws Exception {
    start(12, Duration.ofSeconds(1));
    poison = 7;
    holdFirstCall = true;
    Future<float[]> blocker = job(0, 9, 1);
    await().until(() -> calls.size() == 1);
    Future<float[]> bad = job(0, 7, 2);
    Future<float[]> good = job(0, 4, 2);
    await().until(() -> batcher.pendingBlocks() == 2);
    release.countDown();

    assertThat(blocker.get()).containsExactly(9);
    assertThat(good.get()).containsExactly(4, 4);
    assertThatThrownBy(bad::get).hasCauseInstanceOf(BundleException.class);
  }

  @Test
  void runningOutOfMemoryHalvesTheRowsPerCall() throws Exception {
    start(12, Duration.ofSeconds(1));
    failAbove = 6;
    holdFirstCall = true;
    Future<float[]> blocker = job(0, 9, 1);
    await().until(() -> calls.size() == 1);
    List<Future<float[]>> jobs = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      jobs.add(job(0, k, 2));
    }
    await().until(() -> batcher.pendingBlocks() == 4);
    release.countDown();

    assertThat(blocker.get()).containsExactly(9);
    for (int k = 1; k <= 4; k++) {
      assertThat(jobs.get(k - 1).get()).containsExactly(k, k);
    }
    assertThat(batcher.rowCap()).isEqualTo(4);
  }

  @Test
  void anUnseatedCallerRunsAtOnceAndAClosedBatcherRefuses() {
    start(12, Duration.ofSeconds(1));
    float[] eps =
        batcher.calls.denoise(new float[][] {{5}}, new int[1], new float[][] {{0}}).eps().values();
    assertThat(eps).containsExactly(5);
    assertThat(calls.get(0)).hasSize(4);
    batcher.close();
    assertThatThrownBy(
            () -> batcher.calls.denoise(new float[][] {{5}}, new int[1], new float[][] {{0}}))
        .isInstanceOf(BundleClosedException.class);
  }
}

package dev.editstream.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionCodec;
import dev.editstream.workers.engine.model.BatchSettings;
import dev.editstream.workers.engine.model.DenoiserCall;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.JobSeat;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.progress.StepListener;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Step-level batching keeps every job's bytes: 64 jobs (null-text inversions, edits from cached
 * inversions, edits that invert inline, SDEdits, local blends; a few steps each, with different
 * steps, seeds and guidance so that calls mix timesteps) run one at a time and then all at once on
 * 16 threads give the same bytes, while the burst's calls really hold several jobs.
 */
class BatchedBurstTest {

  private static final int JOBS = 64;
  private static final int THREADS = 16;

  private static final TestPlans PLANS = new TestPlans();
  private static final Map<DenoiserCall, AtomicInteger> SHARED = new ConcurrentHashMap<>();
  private static DiffusionModel.Batched batched;
  private static EditEngine engine;
  private static Inversion cached;

  @BeforeAll
  static void start() {
    int threads = Runtime.getRuntime().availableProcessors();
    // the layout a worker would run with here: the first of on()'s that is safe on this CPU
    BatchSettings settings = EditEngine.safeLayout(TestModels.model(), BatchSettings.on(threads));
    batched =
        TestModels.model()
            .batched(
                settings,
                (call, rows, padded, jobs, nanos) -> {
                  if (jobs > 1) {
                    SHARED.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
                  }
                });
    engine = new EditEngine(batched.model(), TestPlans.calibrationCaptions());
    cached =
        engine.invert(PLANS.promptToPrompt().build(), PLANS.source(32, 32), StepListener.none());
  }

  @AfterAll
  static void stop() {
    batched.batcher().close();
  }

  @Test
  void aBurstGivesEveryJobTheBytesItGetsAlone() throws Exception {
    List<Job> jobs = jobs();
    List<String> alone = new ArrayList<>();
    for (Job job : jobs) {
      alone.add(job.run());
    }
    SHARED.clear();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> burst = new ArrayList<>();
      for (Job job : jobs) {
        burst.add(pool.submit(job::run));
      }
      for (int i = 0; i < jobs.size(); i++) {
        assertThat(burst.get(i).get())
            .as("job %d, %s", i, jobs.get(i).name)
            .isEqualTo(alone.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(SHARED.keySet())
        .as("calls that held several jobs")
        .containsExactlyInAnyOrder(DenoiserCall.values());
    // edits from one cached inversion differ only in their (unused) seed: the rest all differ
    assertThat(new java.util.HashSet<>(alone)).as("distinct results").hasSizeGreaterThan(40);
  }

  /** One job: what it computes, seated at the batcher like a worker's job, as a hash. */
  private record Job(String name, int priority, java.util.concurrent.Callable<byte[]> work) {
    String run() throws Exception {
      try (JobSeat seat = engine.seat(priority)) {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(work.call()));
      }
    }
  }

  private static List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    for (int k = 0; k < JOBS; k++) {
      int i = k;
      int steps = 3 + i % 3;
      double guidance = 5.0 + i % 4;
      int size = 32 * (1 + i % 2);
      SourceImage source = PLANS.source(size, size);
      EditPlan invert = PLANS.promptToPrompt().setSteps(steps).setGuidance(guidance).build();
      switch (i % 5) {
        case 0 ->
            jobs.add(
                new Job(
                    "null-text inversion " + i,
                    i % 3,
                    () ->
                        InversionCodec.write(engine.invert(invert, source, StepListener.none()))));
        case 1 ->
            jobs.add(
                new Job(
                    "edit from the cached inversion " + i,
                    i % 3,
                    () ->
                        engine
                            .run(
                                PLANS.promptToPrompt().setSeed(i).build(),
                                PLANS.source(32, 32),
                                Optional.empty(),
                                Optional.of(cached),
                                StepListener.none())
                            .rgb8()));
        case 2 ->
            jobs.add(
                new Job(
                    "edit inverting inline " + i,
                    i % 3,
                    () ->
                        engine.run(invert, source, Optional.empty(), StepListener.none()).rgb8()));
        case 3 ->
            jobs.add(
                new Job(
                    "SDEdit " + i,
                    i % 3,
                    () ->
                        engine
                            .run(
                                PLANS.sdEdit().setSteps(steps).setSeed(100 + i).build(),
                                source,
                                Optional.empty(),
                                StepListener.none())
                            .rgb8()));
        default ->
            jobs.add(
                new Job(
                    "local blend " + i,
                    i % 3,
                    () ->
                        engine
                            .run(
                                PLANS.localBlend().setSteps(steps).setGuidance(guidance).build(),
                                source,
                                Optional.empty(),
                                StepListener.none())
                            .rgb8()));
      }
    }
    return jobs;
  }
}

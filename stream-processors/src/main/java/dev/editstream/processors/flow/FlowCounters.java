package dev.editstream.processors.flow;

import dev.editstream.processors.resolution.ResolutionMetrics;
import dev.editstream.processors.resolution.ResolutionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one instance of the flow counts across its tasks: worker outcomes dropped, and each
 * resolution stage's hits, misses, parked requests and park times. An operator's tally: a task
 * whose transaction aborts counts its records again when it reprocesses them.
 */
public final class FlowCounters {
  private final LongAdder droppedOutcomes = new LongAdder();
  private final ResolutionMetrics captions = new ResolutionMetrics();
  private final ResolutionMetrics inversions = new ResolutionMetrics();

  /** Outcomes dropped (repeats, late ones, ones for requests never dispatched). */
  public long droppedOutcomes() {
    return droppedOutcomes.sum();
  }

  /** The caption stage's counts. */
  public ResolutionMetrics captions() {
    return captions;
  }

  /** The inversion stage's counts. */
  public ResolutionMetrics inversions() {
    return inversions;
  }

  /** The counts of one stage. */
  public ResolutionMetrics of(ResolutionStage<?> stage) {
    return stage == ResolutionStage.CAPTIONS ? captions : inversions;
  }

  LongAdder droppedOutcomesAdder() {
    return droppedOutcomes;
  }
}

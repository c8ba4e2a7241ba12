package dev.editstream.workers.engine.schedule;

import java.util.List;

/** An ordered list of DDIM moves: what a sampling or inversion loop iterates over. */
public interface Scheduler {

  /** The moves in loop order. */
  List<DdimStep> steps();

  /** Number of moves. */
  default int size() {
    return steps().size();
  }

  /** The i-th move. */
  default DdimStep step(int i) {
    return steps().get(i);
  }

  /** The model timesteps in loop order. */
  default int[] timesteps() {
    return steps().stream().mapToInt(DdimStep::timestep).toArray();
  }
}

package dev.editstream.workers.engine.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * DDIM inversion (diffusers' {@code DDIMInverseScheduler}): the sampler's moves in reverse order,
 * each run from the lower to the higher noise level with eps evaluated at the move's timestep, so
 * that inversion step i and sampling step {@code n - 1 - i} are exact mirrors.
 */
public final class DdimInverseScheduler implements Scheduler {
  private final List<DdimStep> steps;

  private DdimInverseScheduler(List<DdimStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The inversion mirroring a sampler. */
  public static DdimInverseScheduler of(DdimScheduler sampler) {
    List<DdimStep> forward = sampler.steps();
    List<DdimStep> out = new ArrayList<>(forward.size());
    for (int i = forward.size() - 1; i >= 0; i--) {
      out.add(forward.get(i).reversed());
    }
    return new DdimInverseScheduler(out);
  }

  @Override
  public List<DdimStep> steps() {
    return steps;
  }
}

package dev.editstream.workers.engine.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * DDIM sampling (diffusers' {@code DDIMScheduler}, eta 0): from timestep t to {@code t - T // n},
 * the last move landing on {@code final_alpha_cumprod}. Immutable and thread-safe.
 */
public final class DdimScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final List<DdimStep> steps;

  private DdimScheduler(NoiseSchedule schedule, List<DdimStep> steps) {
    this.schedule = schedule;
    this.steps = List.copyOf(steps);
  }

  /** A sampler over {@code inferenceSteps} steps of the schedule. */
  public static DdimScheduler of(NoiseSchedule schedule, int inferenceSteps) {
    ScheduleConfig c = schedule.config();
    if (inferenceSteps < 1 || inferenceSteps > c.trainTimesteps()) {
      throw new IllegalArgumentException(
          "inference steps must be in 1.." + c.trainTimesteps() + ", was " + inferenceSteps);
    }
    int[] ts = c.spacing().timesteps(c.trainTimesteps(), inferenceSteps, c.stepsOffset());
    // diffusers uses T // n for the previous timestep whatever the spacing
    int ratio = c.trainTimesteps() / inferenceSteps;
    List<DdimStep> steps = new ArrayList<>(inferenceSteps);
    for (int t : ts) {
      int prev = t - ratio;
      double alphaTo = prev >= 0 ? schedule.alphaCumprod(prev) : schedule.finalAlphaCumprod();
      steps.add(new DdimStep(t, schedule.alphaCumprod(t), alphaTo));
    }
    return new DdimScheduler(schedule, steps);
  }

  @Override
  public List<DdimStep> steps() {
    return steps;
  }

  /** The noise schedule. */
  public NoiseSchedule schedule() {
    return schedule;
  }

  /** The inversion that retraces this sampler's moves backwards. */
  public DdimInverseScheduler inverse() {
    return DdimInverseScheduler.of(this);
  }

  /**
   * The sampler's tail starting at {@code strength} of the way from clean to noise, as diffusers'
   * img2img: {@code init = min(floor(n * strength), n)}, and sampling starts at step {@code n -
   * init}.
   */
  public DdimScheduler tail(double strength) {
    if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in (0, 1], was " + strength);
    }
    int init = Math.min((int) Math.floor(steps.size() * strength), steps.size());
    return new DdimScheduler(schedule, steps.subList(steps.size() - init, steps.size()));
  }
}

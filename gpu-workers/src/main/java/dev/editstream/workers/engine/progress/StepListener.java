package dev.editstream.workers.engine.progress;

/**
 * Told of every step of a job's inversion and sampling, on the thread running the job: once with
 * {@code done = 0} when a phase starts, then after each step with {@code done = 1 .. total}. A
 * worker publishes progress from it and stops a cancelled job by throwing {@link
 * EditCancelledException}, which propagates out of the engine call with no partial result. The
 * engine keeps nothing of a stopped job, so the listener may throw at any call.
 */
@FunctionalInterface
public interface StepListener {
  /**
   * One step of a phase is done (or, with {@code done = 0}, the phase starts).
   *
   * @param phase the phase the step belongs to
   * @param done steps of the phase done so far, 0 to {@code total}
   * @param total steps of the phase
   */
  void onStep(StepPhase phase, int done, int total);

  /** The listener that ignores every step (what the overloads without a listener use). */
  static StepListener none() {
    return (phase, done, total) -> {};
  }
}

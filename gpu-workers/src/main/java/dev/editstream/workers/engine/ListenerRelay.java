package dev.editstream.workers.engine;

import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;

/**
 * Passes steps on to a caller's listener and marks what it throws, so that {@link EditEngine#run}
 * rethrows the listener's own exception unchanged instead of reading it as an engine fault.
 */
final class ListenerRelay implements StepListener {
  private final StepListener listener;

  ListenerRelay(StepListener listener) {
    this.listener = listener;
  }

  @Override
  public void onStep(StepPhase phase, int done, int total) {
    try {
      listener.onStep(phase, done, total);
    } catch (RuntimeException e) {
      throw new Thrown(e);
    }
  }

  /** What the listener threw, on its way out of the engine. */
  static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RuntimeException original;

    Thrown(RuntimeException original) {
      super(original.getMessage(), original, false, false);
      this.original = original;
    }

    RuntimeException original() {
      return original;
    }
  }
}

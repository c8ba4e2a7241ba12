package dev.editstream.workers.engine.model;

/**
 * Told of every call a {@link StepBatcher} makes, on the batcher's thread: what metrics bind to
 * (rows per call, padding waste, call time). Must be quick and must not throw.
 */
@FunctionalInterface
public interface DenoiserCallListener {

  /**
   * One call made.
   *
   * @param call which signature
   * @param rows the jobs' rows in it
   * @param paddedRows the rows it ran at, padding included
   * @param jobs how many jobs' blocks it held
   * @param nanos how long the bundle took
   */
  void onCall(DenoiserCall call, int rows, int paddedRows, int jobs, long nanos);

  /** A listener that ignores every call. */
  static DenoiserCallListener none() {
    return (call, rows, paddedRows, jobs, nanos) -> {};
  }
}

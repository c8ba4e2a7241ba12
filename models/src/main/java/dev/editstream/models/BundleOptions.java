package dev.editstream.models;

/**
 * How a bundle runs: TensorFlow's thread pools. {@code intraOpThreads} matters (use the number of
 * cores); {@code interOpThreads} barely does.
 *
 * @param intraOpThreads threads inside one op, >= 1
 * @param interOpThreads ops run in parallel, >= 1
 */
public record BundleOptions(int intraOpThreads, int interOpThreads) {
  /** Validates the thread counts. */
  public BundleOptions {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be >= 1, got intra=" + intraOpThreads + " inter=" + interOpThreads);
    }
  }

  /** Intra-op threads = available processors, one inter-op thread. */
  public static BundleOptions defaults() {
    return new BundleOptions(Runtime.getRuntime().availableProcessors(), 1);
  }
}

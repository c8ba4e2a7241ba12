package dev.editstream.models;

import java.util.Objects;

/**
 * How a bundle runs: TensorFlow's thread pools and its device. {@code intraOpThreads} matters (use
 * the number of cores); {@code interOpThreads} barely does. A GPU needs TensorFlow's GPU native
 * build on the class path (the Maven profile {@code gpu}, docs/gpu.md).
 *
 * @param intraOpThreads threads inside one op, >= 1
 * @param interOpThreads ops run in parallel, >= 1
 * @param device the CPU, or the GPU the graphs are placed on (the only one TensorFlow is shown)
 * @param gpuMemoryGrowth on a GPU, whether TensorFlow takes device memory as it needs it rather
 *     than nearly all of it at start-up (so several workers can share one GPU)
 */
public record BundleOptions(
    int intraOpThreads, int interOpThreads, ComputeDevice device, boolean gpuMemoryGrowth) {
  /** Validates the thread counts. */
  public BundleOptions {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be >= 1, got intra=" + intraOpThreads + " inter=" + interOpThreads);
    }
    Objects.requireNonNull(device, "device");
  }

  /** On the CPU. */
  public BundleOptions(int intraOpThreads, int interOpThreads) {
    this(intraOpThreads, interOpThreads, ComputeDevice.CPU, true);
  }

  /** Intra-op threads = available processors, one inter-op thread, the CPU. */
  public static BundleOptions defaults() {
    return new BundleOptions(Runtime.getRuntime().availableProcessors(), 1);
  }

  /** The same threads on another device. */
  public BundleOptions on(ComputeDevice device, boolean gpuMemoryGrowth) {
    return new BundleOptions(intraOpThreads, interOpThreads, device, gpuMemoryGrowth);
  }
}

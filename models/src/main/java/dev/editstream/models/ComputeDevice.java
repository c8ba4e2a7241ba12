package dev.editstream.models;

import java.util.Locale;

/**
 * Where a bundle's graphs run: the CPU, or one GPU by its index among those CUDA makes visible.
 * Written {@code cpu} or {@code gpu:N} in configuration.
 *
 * @param gpuIndex the GPU's index, or -1 for the CPU
 */
public record ComputeDevice(int gpuIndex) {

  /** The CPU. */
  public static final ComputeDevice CPU = new ComputeDevice(-1);

  /** Checks the index. */
  public ComputeDevice {
    if (gpuIndex < -1) {
      throw new IllegalArgumentException("a GPU index is >= 0: " + gpuIndex);
    }
  }

  /** GPU number {@code index}. */
  public static ComputeDevice gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("a GPU index is >= 0: " + index);
    }
    return new ComputeDevice(index);
  }

  /**
   * Parses {@code cpu} or {@code gpu:N} (case-insensitive; {@code gpu} alone is {@code gpu:0}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static ComputeDevice parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("gpu")) {
      return gpu(0);
    }
    if (t.startsWith("gpu:")) {
      try {
        return gpu(Integer.parseInt(t.substring(4)));
      } catch (IllegalArgumentException e) {
        // not a number, or negative: the error below says what is accepted
      }
    }
    throw new IllegalArgumentException("must be cpu or gpu:N (e.g. gpu:0), not '" + text + "'");
  }

  /** Whether this is a GPU. */
  public boolean isGpu() {
    return gpuIndex >= 0;
  }

  @Override
  public String toString() {
    return isGpu() ? "gpu:" + gpuIndex : "cpu";
  }
}

package dev.editstream.workers.engine.model;

import java.util.List;

/**
 * The padded sizes denoiser calls run at once they are batched across jobs: a call of {@code n}
 * rows runs zero-padded to the smallest size that holds them. On this build a row's bits depend on
 * the batch size and its position, never on its neighbours, and only some sizes give every position
 * the same bits ({@code ../shared/research/probe-batching.md}); a layout lists only such sizes, so
 * a job's bytes do not depend on what it was batched with. {@link BatchLayoutProbe} checks a layout
 * on the bundle and build at hand. The thread count is part of the layout because it changes the
 * bits too.
 *
 * @param paddedSizes the sizes a call may run at, ascending
 * @param intraOpThreads TensorFlow's intra-op threads the sizes were chosen for
 */
public record BatchLayout(List<Integer> paddedSizes, int intraOpThreads) {

  /** Checks the sizes are positive and ascending, and copies them. */
  public BatchLayout {
    paddedSizes = List.copyOf(paddedSizes);
    if (paddedSizes.isEmpty()) {
      throw new IllegalArgumentException("a batch layout needs at least one padded size");
    }
    int last = 0;
    for (int size : paddedSizes) {
      if (size <= last) {
        throw new IllegalArgumentException(
            "padded sizes must be positive and ascending: " + paddedSizes);
      }
      last = size;
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
    }
  }

  /**
   * The layout measured safe on the committed bundle's build for a thread count, up to 24 rows
   * (where the denoiser's throughput has levelled off near 2.2 times a lone call's): with two
   * intra-op threads 4 is safe too, so a prompt-to-prompt call (4 rows) needs no padding.
   */
  public static BatchLayout forThreads(int intraOpThreads) {
    List<Integer> sizes = intraOpThreads == 2 ? List.of(4, 6, 12, 24) : List.of(6, 12, 24);
    return new BatchLayout(sizes, intraOpThreads);
  }

  /** The most rows one call can take. */
  public int maxRows() {
    return paddedSizes.get(paddedSizes.size() - 1);
  }

  /**
   * The size a call of this many rows runs at.
   *
   * @throws IllegalArgumentException when the rows do not fit the largest size
   */
  public int paddedSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a call has at least one row: " + rows);
    }
    for (int size : paddedSizes) {
      if (size >= rows) {
        return size;
      }
    }
    throw new IllegalArgumentException(
        rows + " rows do not fit the largest padded size " + maxRows());
  }

  /** What a result's reproducibility fingerprint records of the layout. */
  public String fingerprint() {
    return "rows padded to " + paddedSizes + ", intra-op " + intraOpThreads;
  }
}

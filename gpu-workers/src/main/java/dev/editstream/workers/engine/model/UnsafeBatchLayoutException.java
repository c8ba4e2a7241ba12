package dev.editstream.workers.engine.model;

import java.util.List;

/**
 * A configured {@link BatchLayout} that would change a job's bits on this machine: some size or
 * place gives other bits than the smallest size's first. A worker refuses to start with it; the
 * layout must change with the CPU, build or bundle.
 */
public final class UnsafeBatchLayoutException extends IllegalStateException {

  private final transient List<String> problems;

  /** The layout and what the probe found, one line per unsafe size and call. */
  public UnsafeBatchLayoutException(BatchLayout layout, List<String> problems) {
    super(
        "batch layout "
            + layout.paddedSizes()
            + " (intra-op "
            + layout.intraOpThreads()
            + ") is not safe on this machine: "
            + String.join("; ", problems)
            + ". Configure editstream.worker.batch.sizes with sizes that pass, or turn batching off");
    this.problems = List.copyOf(problems);
  }

  /** What the probe found. */
  public List<String> problems() {
    return problems;
  }
}

package dev.editstream.workers.engine.model;

import java.time.Duration;
import java.util.List;

/**
 * Whether and how an engine batches denoiser calls across the jobs it runs at once.
 *
 * <p>Off, every call goes to the bundle at the caller's rows (the bits of a lone call). On, every
 * call, a lone job's included, goes through one {@link StepBatcher} and runs zero-padded to a size
 * of the layout, so a job's bytes are the same whatever it is batched with; they differ from the
 * bits with batching off, and the layout is part of a result's reproducibility fingerprint.
 *
 * @param enabled whether calls are batched
 * @param layout the padded sizes calls run at
 * @param maxRows the most rows one call takes, at most the layout's largest size
 * @param admissionDelay how long a call waits for more rows while some running job is between two
 *     calls (like Triton's {@code max_queue_delay}); a call runs at once when every running job is
 *     waiting in it or it is full
 * @param alternatives layouts to try, in order, when {@code layout} is not safe on this machine
 *     (checked when an engine opens; the first safe one is used)
 */
public record BatchSettings(
    boolean enabled,
    BatchLayout layout,
    int maxRows,
    Duration admissionDelay,
    List<BatchLayout> alternatives) {

  /** The longest admission delay accepted: a call waits at most this long for company. */
  public static final Duration MAX_ADMISSION_DELAY = Duration.ofSeconds(1);

  /** Settings with one layout and no alternative. */
  public BatchSettings(boolean enabled, BatchLayout layout, int maxRows, Duration admissionDelay) {
    this(enabled, layout, maxRows, admissionDelay, List.of());
  }

  /** Checks the rows fit the layouts and the delay is in range. */
  public BatchSettings {
    alternatives = List.copyOf(alternatives);
    for (BatchLayout a : alternatives) {
      if (a.maxRows() < maxRows || a.intraOpThreads() != layout.intraOpThreads()) {
        throw new IllegalArgumentException(
            "alternative layout " + a + " must take " + maxRows + " rows at the same threads");
      }
    }
    if (maxRows < 4 || maxRows > layout.maxRows()) {
      throw new IllegalArgumentException(
          "maxRows must be between 4 (a prompt-to-prompt call's rows) and the layout's largest size "
              + layout.maxRows()
              + ": "
              + maxRows);
    }
    if (admissionDelay.isNegative() || admissionDelay.compareTo(MAX_ADMISSION_DELAY) > 0) {
      throw new IllegalArgumentException(
          "admissionDelay must be between 0 and " + MAX_ADMISSION_DELAY + ": " + admissionDelay);
    }
  }

  /** Batching off. */
  public static BatchSettings off(int intraOpThreads) {
    BatchLayout layout = BatchLayout.forThreads(intraOpThreads);
    return new BatchSettings(false, layout, layout.maxRows(), Duration.ZERO);
  }

  /**
   * Batching on, full calls and a 5 ms delay, with the layouts worth trying for the thread count:
   * with two intra-op threads first 2, 4, 6, 12, 24 (a lone inversion's one-row calls pad to 2,
   * safe on the Xeons we measured), then the shipped 4, 6, 12, 24 (safe on the EPYC too).
   */
  public static BatchSettings on(int intraOpThreads) {
    BatchLayout shipped = BatchLayout.forThreads(intraOpThreads);
    if (intraOpThreads != 2) {
      return new BatchSettings(true, shipped, shipped.maxRows(), Duration.ofMillis(5));
    }
    BatchLayout small = new BatchLayout(List.of(2, 4, 6, 12, 24), 2);
    return new BatchSettings(true, small, small.maxRows(), Duration.ofMillis(5), List.of(shipped));
  }

  /** The same settings with this layout and no alternative: what an engine chose. */
  public BatchSettings with(BatchLayout chosen) {
    return new BatchSettings(enabled, chosen, maxRows, admissionDelay, List.of());
  }

  /** What a result's reproducibility fingerprint records of how its calls ran. */
  public String fingerprint() {
    return enabled
        ? "denoiser calls batched, " + layout.fingerprint()
        : "one request per denoiser call, intra-op " + layout.intraOpThreads();
  }
}

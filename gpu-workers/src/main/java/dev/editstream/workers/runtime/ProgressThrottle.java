package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.Stage;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which of an executor's progress calls are published: the first of every stage, then one
 * each time the stage's completed fraction enters a new band of {@code stepFraction} (the last step
 * included), so a 20-step stage at 0.1 reports steps 0, 2, 4, ..., 20, but never two of one stage
 * within {@code minInterval}. Stages of unknown length report only their start. One instance per
 * attempt.
 */
final class ProgressThrottle {

  private final double stepFraction;
  private final long minIntervalNanos;
  private final LongSupplier nanoTime;
  private Stage stage;
  private int band;
  private long lastAt;

  ProgressThrottle(double stepFraction, Duration minInterval, LongSupplier nanoTime) {
    this.stepFraction = stepFraction;
    this.minIntervalNanos = minInterval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether this report is published; remembers it if so. */
  synchronized boolean admit(Stage reported, int done, int total) {
    int reportedBand = band(done, total);
    long now = nanoTime.getAsLong();
    if (reported != stage) {
      stage = reported;
      band = reportedBand;
      lastAt = now;
      return true;
    }
    if (reportedBand > band && now - lastAt >= minIntervalNanos) {
      band = reportedBand;
      lastAt = now;
      return true;
    }
    return false;
  }

  private int band(int done, int total) {
    if (total <= 0) {
      return 0;
    }
    double fraction = Math.min(1.0, Math.max(0, done) / (double) total);
    // A small epsilon keeps 0.3 / 0.1 in band 3, not 2.9999.
    return (int) Math.floor(fraction / stepFraction + 1e-9);
  }
}

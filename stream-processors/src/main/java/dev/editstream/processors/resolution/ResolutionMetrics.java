package dev.editstream.processors.resolution;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one resolution stage did, across every task of the application instance: hits, misses (each
 * issued one job), parked requests (waiting behind a job in flight, the issuer included), releases,
 * failures, withdrawals and park times. An operator's tally: a task whose transaction aborts counts
 * its records again when it reprocesses them.
 */
public final class ResolutionMetrics {
  private final LongAdder hits = new LongAdder();
  private final LongAdder viewHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder parked = new LongAdder();
  private final LongAdder released = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder withdrawn = new LongAdder();
  private final LongAdder parkedNow = new LongAdder();
  private final LongAdder parkMillis = new LongAdder();
  private final LongAccumulator maxParkMillis = new LongAccumulator(Math::max, 0);

  void hit() {
    hits.increment();
  }

  /** Counts a hit dispatch answered from its {@link TableView}, without asking the stage. */
  public void viewHit() {
    hits.increment();
    viewHits.increment();
  }

  void miss() {
    misses.increment();
  }

  void parked() {
    parked.increment();
    parkedNow.increment();
  }

  void released(long parkedMs) {
    released.increment();
    left(parkedMs);
  }

  void failed(long parkedMs) {
    failed.increment();
    left(parkedMs);
  }

  void withdrawn(long parkedMs) {
    withdrawn.increment();
    left(parkedMs);
  }

  private void left(long parkedMs) {
    parkedNow.decrement();
    parkMillis.add(parkedMs);
    maxParkMillis.accumulate(parkedMs);
  }

  /** The counts now. */
  public Snapshot snapshot() {
    return new Snapshot(
        hits.sum(),
        viewHits.sum(),
        misses.sum(),
        parked.sum(),
        released.sum(),
        failed.sum(),
        withdrawn.sum(),
        parkedNow.sum(),
        parkMillis.sum(),
        maxParkMillis.get());
  }

  /**
   * The counts at one moment.
   *
   * @param hits asks answered from the table (view hits included)
   * @param viewHits of those, the ones dispatch answered from its {@link TableView}
   * @param misses asks that issued the key's job
   * @param parked asks parked behind a job (misses included)
   * @param released parked asks answered with the job's record
   * @param failed parked asks failed with the job's reason
   * @param withdrawn parked asks withdrawn (the request was cancelled or expired)
   * @param parkedNow asks parked at this moment
   * @param parkMillis total time parked asks waited
   * @param maxParkMillis the longest wait
   */
  public record Snapshot(
      long hits,
      long viewHits,
      long misses,
      long parked,
      long released,
      long failed,
      long withdrawn,
      long parkedNow,
      long parkMillis,
      long maxParkMillis) {}
}

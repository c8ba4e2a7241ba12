package dev.editstream.producers.enrich;

import java.util.Map;

/**
 * What a run ended with, written as {@code summary.json}.
 *
 * @param rows rows in the input
 * @param skipped rows a previous run had finished
 * @param submitted requests this run submitted (or re-submitted, for results it waited for)
 * @param byStatus rows per result status (SUCCEEDED, REJECTED, FAILED, ...)
 * @param byReason rows per reason code
 * @param unexpected rows that did not end as they expected
 * @param seconds the run's wall time
 * @param input the input read
 */
public record Summary(
    int rows,
    int skipped,
    int submitted,
    Map<String, Integer> byStatus,
    Map<String, Integer> byReason,
    int unexpected,
    double seconds,
    String input) {

  /** Rows that ended SUCCEEDED. */
  public int succeeded() {
    return byStatus.getOrDefault("SUCCEEDED", 0);
  }

  /** Rows that ended REJECTED. */
  public int rejected() {
    return byStatus.getOrDefault("REJECTED", 0);
  }
}

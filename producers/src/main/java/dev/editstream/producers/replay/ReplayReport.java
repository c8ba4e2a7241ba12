package dev.editstream.producers.replay;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replay run found, request by request, in the order the requests were recorded.
 *
 * @param outcomes one per recorded request in the range (earlier replays excluded)
 * @param earlierReplays requests in the range that were themselves replays, left out
 * @param seconds how long the run took
 */
public record ReplayReport(List<ReplayOutcome> outcomes, int earlierReplays, double seconds) {

  /** Copies the outcomes. */
  public ReplayReport {
    outcomes = List.copyOf(outcomes);
  }

  /** How many outcomes had each verdict. */
  public Map<ReplayVerdict, Integer> counts() {
    Map<ReplayVerdict, Integer> counts = new EnumMap<>(ReplayVerdict.class);
    for (ReplayVerdict v : ReplayVerdict.values()) {
      counts.put(v, 0);
    }
    outcomes.forEach(o -> counts.merge(o.verdict(), 1, Integer::sum));
    return counts;
  }

  /** Whether any request mismatched or lost its replay's result. */
  public boolean failed() {
    return outcomes.stream().anyMatch(o -> o.verdict().fails());
  }

  /** The closing line: counts per verdict and the time taken. */
  public String summaryLine() {
    Map<ReplayVerdict, Integer> c = counts();
    return String.format(
        Locale.ROOT,
        "replay: %d recorded requests: %d match, %d mismatch, %d replayed unverified,"
            + " %d skipped, %d not arrived (%d earlier replays left out) in %.1f s",
        outcomes.size(),
        c.get(ReplayVerdict.MATCH),
        c.get(ReplayVerdict.MISMATCH),
        c.get(ReplayVerdict.REPLAYED),
        c.get(ReplayVerdict.SKIPPED),
        c.get(ReplayVerdict.NOT_ARRIVED),
        earlierReplays,
        seconds);
  }
}

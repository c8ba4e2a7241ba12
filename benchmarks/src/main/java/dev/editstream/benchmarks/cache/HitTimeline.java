package dev.editstream.benchmarks.cache;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.audit.AuditTrail;
import dev.editstream.schemas.avro.AuditEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a cache hit's wall time goes, read from each hit's audit trail: the median time from
 * submission to each decision (accepted, the inversion hit, dispatched, the edit started and
 * finished on the worker, the result stored) and to the client's receipt of the result. The audit
 * events carry the deciding process's clock, the same machine's as the client's here.
 */
final class HitTimeline {

  private static final List<String> DECISIONS =
      List.of("ACCEPTED", "INVERSION_HIT", "DISPATCHED", "EDIT_STARTED", "EDIT_FINISHED");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Long> medians;

  private HitTimeline(Map<String, Long> medians) {
    this.medians = medians;
  }

  /** Reads every hit's trail from {@code edit-audit}. */
  static HitTimeline of(ClientSettings client, List<CacheBenchmarkCommand.Timed> hits) {
    Map<String, List<Long>> offsets = new LinkedHashMap<>();
    for (CacheBenchmarkCommand.Timed hit : hits) {
      for (AuditEvent e : AuditTrail.of(client, hit.requestId(), READ_TIMEOUT)) {
        String decision = DECISIONS.contains(e.getDecision()) ? e.getDecision() : null;
        if (decision == null && isEnd(e)) {
          decision = "result stored";
        }
        if (decision != null) {
          offsets
              .computeIfAbsent(decision, d -> new ArrayList<>())
              .add(e.getTimestamp().toEpochMilli() - hit.submittedAtMs());
        }
      }
      offsets.computeIfAbsent("result received", d -> new ArrayList<>()).add(hit.wallMs());
    }
    Map<String, Long> medians = new LinkedHashMap<>();
    for (String step : steps()) {
      if (offsets.containsKey(step)) {
        medians.put(step, Medians.of(offsets.get(step).stream()));
      }
    }
    return new HitTimeline(medians);
  }

  private static boolean isEnd(AuditEvent e) {
    return e.getDecision().equals("SUCCEEDED");
  }

  private static List<String> steps() {
    List<String> steps = new ArrayList<>(DECISIONS);
    steps.add("result stored");
    steps.add("result received");
    return steps;
  }

  List<String> lines() {
    StringBuilder b = new StringBuilder("a hit's timeline (median ms after submission):");
    medians.forEach((step, ms) -> b.append(String.format(Locale.ROOT, " %s %d,", step, ms)));
    return List.of(b.substring(0, b.length() - 1));
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Where a hit's time goes: the median time after submission of each decision on its")
        .append(" audit trail (`edit-audit`), and of the client receiving the result.\n\n");
    b.append("| step | ms after submission |\n| --- | --- |\n");
    medians.forEach(
        (step, ms) -> b.append("| ").append(step).append(" | ").append(ms).append(" |\n"));
    return b.toString();
  }
}

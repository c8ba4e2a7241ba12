package dev.editstream.producers.replay;

import dev.editstream.schemas.avro.EditResult;
import java.util.Locale;

/**
 * One recorded request and its replay.
 *
 * @param requestId the recorded request
 * @param replayId the replay's request id, or null when it was not replayed
 * @param verdict what the replay showed
 * @param detail why, for a person: the hashes or statuses compared
 */
public record ReplayOutcome(
    String requestId, String replayId, ReplayVerdict verdict, String detail) {

  /** The line {@code replay} prints for it. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "%-11s %s%s  %s",
        verdict,
        requestId,
        replayId == null ? "" : " -> " + replayId,
        detail);
  }

  /** The outcome as a person reads it: a hash prefix when it succeeded, else status and reason. */
  static String describe(EditResult r) {
    if (r.getResultImage() != null) {
      return r.getStatus() + " sha256 " + r.getResultImage().getSha256().substring(0, 16);
    }
    return r.getStatus() + " " + r.getReasonCode();
  }
}

package dev.editstream.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway submitted lately, by request id: the request's fingerprint and when. It answers
 * a retry at once, also before the request reaches the status store, and makes two concurrent calls
 * with one id submit once. It is a memory, not a rule: after a restart the status store (which
 * keeps the fingerprint in the request's metadata) answers instead, and intake de-duplicates ids
 * either way.
 */
final class SubmissionLedger {

  /** One submission. */
  record Entry(String fingerprint, Instant at) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Duration retention;
  private final Clock clock;

  SubmissionLedger(Duration retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Claims an id for a submission.
   *
   * @return empty when the id is now this call's to submit, else the earlier entry
   */
  Optional<Entry> claim(String requestId, String fingerprint) {
    purge();
    Entry mine = new Entry(fingerprint, clock.instant());
    Entry earlier = entries.putIfAbsent(requestId, mine);
    return Optional.ofNullable(earlier);
  }

  /** Releases a claim whose submission failed, so that a retry submits again. */
  void release(String requestId) {
    entries.remove(requestId);
  }

  /** The entry of an id this gateway submitted within the retention, if any. */
  Optional<Entry> find(String requestId) {
    Entry e = entries.get(requestId);
    return e == null || expired(e) ? Optional.empty() : Optional.of(e);
  }

  private void purge() {
    entries.values().removeIf(this::expired);
  }

  private boolean expired(Entry e) {
    return e.at().plus(retention).isBefore(clock.instant());
  }
}

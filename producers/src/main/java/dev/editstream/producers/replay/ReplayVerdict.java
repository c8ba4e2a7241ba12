package dev.editstream.producers.replay;

/** What replaying one recorded request showed. */
public enum ReplayVerdict {
  /** The replay ended as recorded: the same result hash, or the same status and reason code. */
  MATCH,
  /** The replay ended otherwise than recorded. */
  MISMATCH,
  /** Replayed without {@code --verify}: its outcome is reported, not compared. */
  REPLAYED,
  /** Not replayed: no terminal result was recorded, or it ended on timing (CANCELLED, EXPIRED). */
  SKIPPED,
  /** Replayed, but its result did not arrive in time. */
  NOT_ARRIVED;

  /** Whether this verdict makes the run fail. */
  public boolean fails() {
    return this == MISMATCH || this == NOT_ARRIVED;
  }
}

package dev.editstream.producers.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where a replay starts or stops on {@code edit-requests}: an instant (the first record at or after
 * it, in every partition) or an offset (the same offset in every partition). A range includes its
 * start and excludes its end; an end past a partition's last record stops at that record.
 *
 * @param time the instant, or null for an offset
 * @param offset the offset when {@code time} is null
 */
public record ReplayPoint(Instant time, long offset) {

  /** The start of every partition. */
  public static final ReplayPoint BEGINNING = new ReplayPoint(null, 0);

  /** Checks the offset. */
  public ReplayPoint {
    if (time == null && offset < 0) {
      throw new IllegalArgumentException("an offset is at least 0, not " + offset);
    }
  }

  /**
   * Reads a point as the command line gives it.
   *
   * @param text an offset ({@code 120}) or an ISO-8601 instant ({@code 2026-12-06T21:00:00Z},
   *     {@code 2026-12-06T22:00:00+01:00})
   * @throws IllegalArgumentException when it is neither, with what was expected
   */
  public static ReplayPoint parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
      try {
        return new ReplayPoint(null, Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("offset " + t + " is too large", e);
      }
    }
    try {
      return new ReplayPoint(OffsetDateTime.parse(t).toInstant(), 0);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither an offset (a whole number) nor an ISO-8601 instant with its zone"
              + " (2026-12-06T21:00:00Z)",
          e);
    }
  }

  /** Whether this point is an instant. */
  public boolean isTime() {
    return time != null;
  }

  @Override
  public String toString() {
    return time != null ? time.toString() : "offset " + offset;
  }
}

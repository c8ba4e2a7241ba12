package dev.editstream.processors.dispatch;

import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.InversionRecord;
import java.util.Optional;

/**
 * What the resolution stages have answered for a request so far.
 *
 * @param caption the resolved caption, when the caption stage answered
 * @param inversion the inversion's record, when the inversion stage answered
 */
public record Resolved(Optional<Caption> caption, Optional<InversionRecord> inversion) {

  /** Nothing resolved yet: a request as intake forwarded it. */
  public static final Resolved NOTHING = new Resolved(Optional.empty(), Optional.empty());

  /** With the caption stage's answer. */
  public Resolved withCaption(Caption resolved) {
    return new Resolved(Optional.of(resolved), inversion);
  }

  /** With the inversion stage's answer. */
  public Resolved withInversion(InversionRecord record) {
    return new Resolved(caption, Optional.of(record));
  }

  /**
   * A caption the caption stage answered.
   *
   * @param text the caption
   * @param source CACHED (the table had it) or CAPTIONER (computed for this or a parked request)
   * @param score the captioner's confidence, when known
   */
  public record Caption(String text, CaptionSource source, Double score) {}
}

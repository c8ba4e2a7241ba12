package dev.editstream.workers.engine.edit;

import dev.editstream.workers.engine.control.LocalBlend;
import java.util.Objects;
import java.util.Optional;

/**
 * Local blending on the attention of a word in the source prompt and a word in the target prompt
 * (e.g. "red" and "green" for a colour swap). When a word occurs more than once, the blend follows
 * the occurrences the edit changes (see {@link
 * dev.editstream.workers.engine.control.TokenAlignment#editedTokenPositions}).
 *
 * @param sourceWord word of the source prompt
 * @param targetWord word of the target prompt
 * @param blend threshold and start step
 * @param separation words that narrow the region to the edited object, when the blend word alone
 *     names several
 */
public record BlendWords(
    String sourceWord, String targetWord, LocalBlend blend, Optional<BlendSeparation> separation) {
  /** Validates. */
  public BlendWords {
    Objects.requireNonNull(sourceWord, "sourceWord");
    Objects.requireNonNull(targetWord, "targetWord");
    Objects.requireNonNull(blend, "blend");
    Objects.requireNonNull(separation, "separation");
  }

  /** The words without a separation. */
  public BlendWords(String sourceWord, String targetWord, LocalBlend blend) {
    this(sourceWord, targetWord, blend, Optional.empty());
  }

  /** The same words with the papers' defaults. */
  public static BlendWords of(String sourceWord, String targetWord) {
    return new BlendWords(sourceWord, targetWord, LocalBlend.defaults());
  }

  /** The same blend narrowed to the object {@code s} tells apart. */
  public BlendWords separatedBy(BlendSeparation s) {
    return new BlendWords(sourceWord, targetWord, blend, Optional.of(s));
  }
}

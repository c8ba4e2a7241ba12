package dev.editstream.workers.engine.edit;

import dev.editstream.workers.engine.control.LocalBlend;
import java.util.Objects;

/**
 * Local blending on the attention of a word in the source prompt and a word in the target prompt
 * (e.g. "red" and "green" for a colour swap). When a word occurs more than once, the blend follows
 * the occurrences the edit changes (see {@link
 * dev.editstream.workers.engine.control.TokenAlignment#editedTokenPositions}).
 *
 * @param sourceWord word of the source prompt
 * @param targetWord word of the target prompt
 * @param blend threshold and start step
 */
public record BlendWords(String sourceWord, String targetWord, LocalBlend blend) {
  /** Validates. */
  public BlendWords {
    Objects.requireNonNull(sourceWord, "sourceWord");
    Objects.requireNonNull(targetWord, "targetWord");
    Objects.requireNonNull(blend, "blend");
  }

  /** The same words with the papers' defaults. */
  public static BlendWords of(String sourceWord, String targetWord) {
    return new BlendWords(sourceWord, targetWord, LocalBlend.defaults());
  }
}

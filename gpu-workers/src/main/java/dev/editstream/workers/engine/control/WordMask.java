package dev.editstream.workers.engine.control;

import dev.editstream.editing.Tokenizer;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.inversion.Inversion;

/**
 * A mask from words, read off an inversion's recorded cross-attention (the "mask from words" of the
 * mask stage): the words' token maps are summed, pooled, upsampled, normalised by their maximum and
 * thresholded, as local blending does.
 */
public final class WordMask {
  private WordMask() {}

  /**
   * The region where the inversion's source prompt attends to {@code words}, at image size.
   *
   * @param threshold on the min-max-normalised map (local blending uses 0.3)
   * @throws EditException {@link ReasonCode#MASK_WORD_NOT_IN_CAPTION} when a word is not in the
   *     inversion's prompt
   */
  public static Mask of(
      Inversion inv,
      Tokenizer tokenizer,
      java.util.List<String> words,
      double threshold,
      int height,
      int width) {
    String prompt = inv.parameters().sourcePrompt();
    for (String w : words) {
      TokenAlignment.requireWord(prompt, w, ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    }
    int[] tokens =
        words.stream()
            .flatMapToInt(
                w -> java.util.Arrays.stream(TokenAlignment.tokenPositions(tokenizer, prompt, w)))
            .distinct()
            .toArray();
    return LocalBlend.normalisedWordMap(
            inv.attention(),
            tokens,
            inv.attentionResolution(),
            height,
            width,
            LocalBlend.Normalisation.MIN_MAX)
        .binary(threshold);
  }
}

package dev.editstream.workers.engine;

import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.Inversion;
import java.util.Objects;
import java.util.Optional;

/**
 * What running an edit plan made ({@link EditEngine#run}). The image depends only on the plan, the
 * source's bytes, the user mask and the bundle; the timings do not.
 *
 * @param image the edit at the source's size, 8-bit values ({@link #rgb8()} are its bytes)
 * @param bundleImage the edit at the bundle's resolution, as the model made it (floats)
 * @param region the pixels the edit could change, at the source's size: the blend mask of the last
 *     sampling step (LOCAL_BLEND), the user's mask (USER_MASK) or the word mask (WORD_MASK), each
 *     resized nearest; outside it {@code image} holds the source's own bytes. Empty when the whole
 *     image could change
 * @param inversion the source's inversion the edit started from (PROMPT_TO_PROMPT), e.g. for a
 *     cache
 * @param inversionMs milliseconds spent inverting the source (0 without an inversion)
 * @param editMs milliseconds spent on the edit itself: sampling, decoding and, for a variation, the
 *     image-to-prompt conversion
 * @param modelCalls calls into the bundle the job made (every signature call counts one)
 */
public record PlannedEditResult(
    RgbImage image,
    RgbImage bundleImage,
    Optional<Mask> region,
    Optional<Inversion> inversion,
    long inversionMs,
    long editMs,
    int modelCalls) {

  /** Validates. */
  public PlannedEditResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(bundleImage, "bundleImage");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(inversion, "inversion");
  }

  /**
   * The edit's 8-bit HWC RGB bytes at the source's size: the canonical bytes, equal in any JVM, to
   * hash and compare.
   */
  public byte[] rgb8() {
    return image.toRgb8();
  }

  /**
   * The edit as a PNG at the source's size (encoded on each call by the JDK's encoder; the pixels
   * it holds are {@link #rgb8()}, while its compressed bytes may differ with the JDK's zlib).
   */
  public byte[] png() {
    return image.toPng();
  }
}

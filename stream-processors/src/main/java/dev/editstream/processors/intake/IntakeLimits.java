package dev.editstream.processors.intake;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The limits intake enforces, from the launcher's configuration ({@code editstream.intake.*}).
 *
 * @param bundles model bundle names that are deployed
 * @param maxImageBytes largest source or mask image, inline or referenced
 * @param maxImagePixels most pixels an image header may declare
 * @param maxImageSide longest side an image header may declare
 * @param maxPromptChars longest caption or prompt
 * @param maxSteps most sampler steps
 * @param maxGuidance largest guidance scale
 */
public record IntakeLimits(
    Set<String> bundles,
    long maxImageBytes,
    long maxImagePixels,
    int maxImageSide,
    int maxPromptChars,
    int maxSteps,
    double maxGuidance) {

  /** Largest attention re-weighting factor, either sign. */
  static final float MAX_REWEIGHT = 10f;

  /** Most null-text Adam iterations per step a request may ask for. */
  static final int MAX_NULL_TEXT_INNER_STEPS = 100;

  /** Longest request id; ids are record keys and file-name friendly. */
  static final int MAX_REQUEST_ID_CHARS = 200;

  /** Checks the limits are usable. */
  public IntakeLimits {
    bundles = Set.copyOf(Objects.requireNonNull(bundles, "bundles"));
    if (maxImageBytes < 1 || maxImagePixels < 1 || maxImageSide < 1 || maxPromptChars < 1) {
      throw new IllegalArgumentException("image and prompt limits must be positive");
    }
    if (maxSteps < 1 || !(maxGuidance >= 0)) {
      throw new IllegalArgumentException("maxSteps must be >= 1 and maxGuidance >= 0");
    }
  }

  /** Returns the defaults documented in {@code docs/configuration.md}, for the given bundles. */
  public static IntakeLimits defaults(List<String> bundles) {
    return new IntakeLimits(Set.copyOf(bundles), 8L << 20, 1L << 24, 8192, 1000, 1000, 50);
  }
}

package dev.editstream.workers.engine.inversion;

import dev.editstream.workers.engine.schedule.Guidance;
import dev.editstream.workers.engine.schedule.ScheduleConfig;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything besides the image and the model that determines an inversion.
 *
 * @param method DDIM or null-text
 * @param guidance guidance the inversion is made for (null-text optimises for it; DDIM inversion
 *     itself always runs at guidance 1 and records this only as the guidance to edit with)
 * @param steps number of DDIM steps
 * @param schedule scheduler configuration
 * @param sourcePrompt the caption the image is inverted with
 * @param sourceTokens its token ids (L)
 * @param nullText optimiser settings (ignored for DDIM, but part of the key only for null-text)
 */
public record InversionParameters(
    InversionMethod method,
    Guidance guidance,
    int steps,
    ScheduleConfig schedule,
    String sourcePrompt,
    int[] sourceTokens,
    NullTextSettings nullText) {

  /** Validates and copies. */
  public InversionParameters {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(guidance, "guidance");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(sourcePrompt, "sourcePrompt");
    Objects.requireNonNull(nullText, "nullText");
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    sourceTokens = sourceTokens.clone();
  }

  @Override
  public int[] sourceTokens() {
    return sourceTokens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InversionParameters p
        && p.method == method
        && p.guidance.equals(guidance)
        && p.steps == steps
        && p.schedule.equals(schedule)
        && p.sourcePrompt.equals(sourcePrompt)
        && Arrays.equals(p.sourceTokens, sourceTokens)
        && p.nullText.equals(nullText);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, guidance, steps, schedule, sourcePrompt, Arrays.hashCode(sourceTokens), nullText);
  }

  @Override
  public String toString() {
    return "InversionParameters["
        + method
        + ", w="
        + guidance.scale()
        + ", steps="
        + steps
        + ", '"
        + sourcePrompt
        + "']";
  }
}

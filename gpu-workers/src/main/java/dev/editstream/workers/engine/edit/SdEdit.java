package dev.editstream.workers.engine.edit;

import dev.editstream.workers.engine.schedule.Guidance;
import java.util.Objects;

/**
 * SDEdit (Meng et al. 2022): noise the image to a fraction {@code strength} of the way to pure
 * noise and denoise it towards the target prompt.
 *
 * @param targetPrompt what the image should show
 * @param strength in (0, 1]: how far to noise (diffusers' img2img {@code strength})
 * @param steps DDIM steps of the full schedule (strength · steps are run)
 * @param guidance classifier-free guidance scale
 * @param seed seed of the added noise
 */
public record SdEdit(
    String targetPrompt, double strength, int steps, Guidance guidance, long seed) {
  /** Validates. */
  public SdEdit {
    Objects.requireNonNull(targetPrompt, "targetPrompt");
    Objects.requireNonNull(guidance, "guidance");
    if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("SDEdit strength must be in (0, 1], was " + strength);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
  }
}

package dev.editstream.producers.cli;

import dev.editstream.schemas.avro.SamplerParams;
import picocli.CommandLine.Option;

/**
 * {@code submit}'s sampler settings. An option the user does not give stays null in the request, so
 * the bundle's tuned default for the edit applies: the command line has no defaults of its own to
 * drift from the bundle's.
 */
final class SamplerOptions {

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: from the id).")
  Long seed;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "DDIM steps of the inversion and the sampler (default: the bundle's).")
  Integer steps;

  @Option(
      names = "--guidance",
      paramLabel = "F",
      description = "Classifier-free guidance scale (default: the bundle's).")
  Float guidance;

  @Option(
      names = "--cross",
      paramLabel = "F",
      description =
          "Prompt-to-prompt: fraction of steps with cross-attention injection (default: the"
              + " bundle's for the edit's kind).")
  Float cross;

  @Option(
      names = "--self",
      paramLabel = "F",
      description =
          "Prompt-to-prompt: fraction of steps with self-attention injection (default: the"
              + " bundle's for the edit's kind).")
  Float self;

  @Option(
      names = "--local-blend",
      negatable = true,
      description =
          "Prompt edits: blend locally on the attention of the words the edit changes, or not"
              + " (default: the bundle's).")
  Boolean localBlend;

  @Option(
      names = "--blend-threshold",
      paramLabel = "F",
      description =
          "Threshold in (0,1) of the local-blend and word masks (default: the bundle's for the"
              + " edit's kind).")
  Float blendThreshold;

  @Option(
      names = "--inversion",
      paramLabel = "METHOD",
      description = "ddim | null-text (default: the bundle's).")
  String inversion;

  @Option(
      names = "--null-text-steps",
      paramLabel = "N",
      description =
          "Null-text inversion: Adam iterations per step at most (default: the bundle's).")
  Integer nullTextSteps;

  /** Sets every setting on the builder, those not given to null. */
  void applyTo(SamplerParams.Builder sampler, RequestOptions options) {
    sampler
        .setSeed(seed)
        .setDenoisingSteps(steps)
        .setGuidance(guidance)
        .setCrossAttentionFraction(cross)
        .setSelfAttentionFraction(self)
        .setLocalBlend(localBlend)
        .setBlendThreshold(blendThreshold)
        .setInversion(inversion == null ? null : options.inversion(inversion))
        .setNullTextInnerSteps(nullTextSteps);
  }
}

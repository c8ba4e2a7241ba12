package dev.editstream.workers.engine.edit;

import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An edit of an inverted image towards a target prompt.
 *
 * @param targetPrompt what the image should show
 * @param alignment how target tokens map to source tokens
 * @param reweight attention factors for words of the target prompt (P2P's equalizer), may be empty
 * @param injection for which steps attention is injected ({@link InjectionSchedule#none()} with no
 *     blending = a plain word swap)
 * @param localBlend blend on word attention, if any
 * @param userMask the region the edit may change, blended at every step, if any
 * @param guidance classifier-free guidance scale
 */
public record PromptEdit(
    String targetPrompt,
    Alignment alignment,
    Map<String, Double> reweight,
    InjectionSchedule injection,
    Optional<BlendWords> localBlend,
    Optional<Mask> userMask,
    Guidance guidance) {

  /** Validates and copies. */
  public PromptEdit {
    Objects.requireNonNull(targetPrompt, "targetPrompt");
    Objects.requireNonNull(alignment, "alignment");
    reweight = Map.copyOf(reweight);
    Objects.requireNonNull(injection, "injection");
    Objects.requireNonNull(localBlend, "localBlend");
    Objects.requireNonNull(userMask, "userMask");
    Objects.requireNonNull(guidance, "guidance");
    if (!reweight.isEmpty() && injection.cross() == 0) {
      throw new IllegalArgumentException(
          "re-weighting acts through cross-attention injection; give it a cross fraction > 0");
    }
  }

  /** Prompt-to-prompt word swap with the papers' injection defaults at guidance 7.5. */
  public static PromptEdit replace(String targetPrompt) {
    return new PromptEdit(
        targetPrompt,
        Alignment.REPLACE,
        Map.of(),
        InjectionSchedule.promptToPrompt(),
        Optional.empty(),
        Optional.empty(),
        new Guidance(7.5));
  }

  /** Prompt-to-prompt refinement (added words) with the papers' defaults. */
  public static PromptEdit refine(String targetPrompt) {
    return replace(targetPrompt).withAlignment(Alignment.REFINE);
  }

  /** A plain word swap: the target prompt alone, no attention injection, no blending. */
  public static PromptEdit plainSwap(String targetPrompt) {
    return replace(targetPrompt).withInjection(InjectionSchedule.none());
  }

  /** The same with another alignment. */
  public PromptEdit withAlignment(Alignment a) {
    return new PromptEdit(targetPrompt, a, reweight, injection, localBlend, userMask, guidance);
  }

  /** The same with another injection schedule. */
  public PromptEdit withInjection(InjectionSchedule s) {
    return new PromptEdit(targetPrompt, alignment, reweight, s, localBlend, userMask, guidance);
  }

  /** The same with re-weighting factors. */
  public PromptEdit withReweight(Map<String, Double> factors) {
    return new PromptEdit(
        targetPrompt, alignment, factors, injection, localBlend, userMask, guidance);
  }

  /** The same with local blending. */
  public PromptEdit withLocalBlend(BlendWords words) {
    return new PromptEdit(
        targetPrompt, alignment, reweight, injection, Optional.of(words), userMask, guidance);
  }

  /** The same with a user mask. */
  public PromptEdit withUserMask(Mask mask) {
    return new PromptEdit(
        targetPrompt, alignment, reweight, injection, localBlend, Optional.of(mask), guidance);
  }

  /** The same with another guidance scale. */
  public PromptEdit withGuidance(Guidance g) {
    return new PromptEdit(targetPrompt, alignment, reweight, injection, localBlend, userMask, g);
  }

  /** Whether the edit needs the source branch alongside the target. */
  boolean needsSource() {
    return injection.cross() > 0
        || injection.self() > 0
        || injection.unconditionalSelf() > 0
        || localBlend.isPresent()
        || userMask.isPresent()
        || !reweight.isEmpty();
  }
}

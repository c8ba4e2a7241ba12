package dev.editstream.editing;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.WordWeight;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one rule set: what a bundle can run. Intake judges every request with it, and the planner
 * checks again with the resolved caption, so nothing intake accepts fails in the engine as a user
 * error. Each broken rule is an {@link EditException} with its own {@link ReasonCode}. Plain Java,
 * no TensorFlow.
 */
public final class EditRules {
  private final BundleDescriptor bundle;

  /** The rules of a bundle. */
  public EditRules(BundleDescriptor bundle) {
    this.bundle = bundle;
  }

  /**
   * Checks a request against the bundle.
   *
   * @param request the request
   * @param caption the source caption: the request's own, or a computed one; null when not yet
   *     known (the checks that need it wait for the planner)
   * @throws EditException the first broken rule
   */
  public void check(EditRequest request, String caption) {
    Object edit = request.getEdit();
    if (caption != null && !(edit instanceof dev.editstream.schemas.avro.Variation)) {
      encode("sourceCaption", caption);
    }
    if (edit instanceof PromptEdit p) {
      checkPromptEdit(p, caption);
    } else if (edit instanceof SdEdit s) {
      encode("targetPrompt", s.getTargetPrompt());
      checkStrength(request, s.getStrength());
    } else if (edit instanceof MaskedEdit m) {
      encode("targetPrompt", m.getTargetPrompt());
    }
    if (request.getMask() instanceof MaskWords words && caption != null) {
      checkMaskWords(words, caption);
    }
  }

  private void checkPromptEdit(PromptEdit p, String caption) {
    encode("targetPrompt", p.getTargetPrompt());
    if (p.getMode() == PromptEditMode.REPLACE && caption != null) {
      int source = Tokenizer.words(caption).length;
      int target = Tokenizer.words(p.getTargetPrompt()).length;
      if (source != target) {
        throw new EditException(
            ReasonCode.REPLACE_WORD_COUNT_MISMATCH,
            "caption '"
                + caption
                + "' has "
                + source
                + " words, target prompt '"
                + p.getTargetPrompt()
                + "' has "
                + target
                + "; use REFINE to add or remove words");
      }
    }
    for (WordWeight w : p.getReweights()) {
      if (Tokenizer.words(w.getWord()).length != 1) {
        throw new EditException(
            ReasonCode.EDIT_INCONSISTENT, "re-weighted '" + w.getWord() + "' is not one word");
      }
      encode("re-weighted word", w.getWord());
      if (!contains(p.getTargetPrompt(), w.getWord())) {
        throw new EditException(
            ReasonCode.EDIT_INCONSISTENT,
            "re-weighted word '" + w.getWord() + "' does not occur in the target prompt");
      }
    }
  }

  private void checkStrength(EditRequest request, float strength) {
    Integer requested =
        request.getSampler() == null ? null : request.getSampler().getDenoisingSteps();
    int steps = requested == null ? bundle.defaults().steps() : requested;
    if ((int) Math.floor(steps * (double) strength) < 1) {
      throw new EditException(
          ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS,
          "strength " + strength + " of " + steps + " steps runs no step; raise either");
    }
  }

  private void checkMaskWords(MaskWords mask, String caption) {
    for (String w : mask.getWords()) {
      encode("mask word", w);
      if (!contains(caption, w)) {
        throw new EditException(
            ReasonCode.MASK_WORD_NOT_IN_CAPTION,
            "mask word '" + w + "' does not occur in the source caption '" + caption + "'");
      }
    }
  }

  private void encode(String field, String text) {
    try {
      bundle.tokenizer().encode(text);
    } catch (EditException e) {
      throw new EditException(e.reason(), field + ": " + e.detail());
    }
  }

  static boolean contains(String prompt, String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(Tokenizer.words(prompt.toLowerCase(Locale.ROOT))).anyMatch(w::equals);
  }
}

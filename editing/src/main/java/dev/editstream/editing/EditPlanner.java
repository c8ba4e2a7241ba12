package dev.editstream.editing;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.PlanAlignment;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PlannedBlend;
import dev.editstream.schemas.avro.PlannedInversion;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plans edits: from the source caption, the target prompt, the edit kind and the bundle's tuned
 * defaults ({@link EditingDefaults}), an {@link EditPlan} with every engine setting; the request's
 * explicit sampler settings override the defaults. A REPLACE that changes one word is blended
 * locally on that word's attention, with the settings of its kind (appearance, or structure when
 * the word's class changes the layout); in a caption of several objects the blend is narrowed to
 * the object the change is in, found by the position of the change, not by the word (two objects
 * may share a colour). The quality benchmark plans its cases here too, so the numbers it publishes
 * are what a request gets. Stateless and thread-safe.
 */
public final class EditPlanner {
  private final BundleDescriptor bundle;
  private final EditRules rules;

  /** A planner for a bundle. */
  public EditPlanner(BundleDescriptor bundle) {
    this.bundle = bundle;
    this.rules = new EditRules(bundle);
  }

  /** The bundle planned for. */
  public BundleDescriptor bundle() {
    return bundle;
  }

  /**
   * Plans a request.
   *
   * @param request the accepted request
   * @param caption the source caption (the request's, or computed); may be empty only for edits
   *     that need none (SDEdit, variation)
   * @param seed the seed (see {@link Seeds#forRequest})
   * @throws EditException a user error the rules find with this caption
   */
  public EditPlan plan(EditRequest request, String caption, long seed) {
    rules.check(request, caption == null || caption.isEmpty() ? null : caption);
    Settings s = new Settings(request.getSampler(), bundle.defaults());
    EditPlan.Builder plan =
        EditPlan.newBuilder()
            .setSteps(s.steps)
            .setGuidance(s.guidance)
            .setSeed(seed)
            .setAlignment(PlanAlignment.REPLACE)
            .setCrossFraction(0)
            .setSelfFraction(0)
            .setRegion(PlanRegion.WHOLE_IMAGE)
            .setMaskThreshold(s.maskThreshold)
            .setDefaults(bundle.provenance());
    Object edit = request.getEdit();
    if (edit instanceof SdEdit sd) {
      return plan.setMethod(PlanMethod.SDEDIT)
          .setSourceCaption(caption == null ? "" : caption)
          .setTargetPrompt(sd.getTargetPrompt())
          .setStrength(exact(sd.getStrength()))
          .build();
    }
    if (edit instanceof Variation) {
      return plan.setMethod(PlanMethod.VARIATION)
          .setSourceCaption(caption == null ? "" : caption)
          .setTargetPrompt("")
          .build();
    }
    if (caption == null || caption.isBlank()) {
      throw new EditException(ReasonCode.MISSING_FIELD, "a prompt edit needs a source caption");
    }
    String target =
        edit instanceof PromptEdit p ? p.getTargetPrompt() : ((MaskedEdit) edit).getTargetPrompt();
    Map<String, Double> reweights = reweights(edit);
    Change change = Change.of(caption, target);
    boolean structural =
        change.words().stream().anyMatch(bundle.defaults()::isStructural)
            || change.sourceWords().stream().anyMatch(bundle.defaults()::isStructural);
    EditingDefaults.Injection kind =
        structural ? bundle.defaults().structure() : bundle.defaults().appearance();
    plan.setMethod(PlanMethod.PROMPT_TO_PROMPT)
        .setSourceCaption(caption)
        .setTargetPrompt(target)
        .setInversion(new PlannedInversion(s.inversion, s.innerSteps))
        .setAlignment(alignment(edit, change))
        .setChangedWords(change.words())
        .setReweights(reweights)
        .setCrossFraction(s.cross != null ? s.cross : kind.crossFraction())
        .setSelfFraction(s.self != null ? s.self : kind.selfFraction())
        .setUnconditionalSelfFraction(kind.unconditionalSelfFraction());
    if (!reweights.isEmpty() && plan.getCrossFraction() == 0) {
      throw new EditException(
          ReasonCode.EDIT_INCONSISTENT,
          "re-weighting acts through cross-attention injection; crossAttentionFraction is 0");
    }
    Object mask = request.getMask();
    if (mask instanceof MaskWords words) {
      return plan.setRegion(PlanRegion.WORD_MASK).setMaskWords(lower(words.getWords())).build();
    }
    if (mask != null || edit instanceof MaskedEdit) {
      return plan.setRegion(PlanRegion.USER_MASK).build();
    }
    Optional<PlannedBlend> blend = blend(change, reweights, caption, kind, s, structural);
    if (Boolean.TRUE.equals(s.localBlend) && blend.isEmpty()) {
      throw new EditException(
          ReasonCode.EDIT_INCONSISTENT,
          "localBlend needs an edit that changes one word or re-weights one; '"
              + caption
              + "' -> '"
              + target
              + "' changes "
              + change.words());
    }
    if (blend.isPresent() && !Boolean.FALSE.equals(s.localBlend)) {
      plan.setBlend(blend.get()).setRegion(PlanRegion.LOCAL_BLEND);
    }
    return plan.build();
  }

  private static PlanAlignment alignment(Object edit, Change change) {
    if (edit instanceof PromptEdit p && p.getMode() == PromptEditMode.REFINE) {
      return PlanAlignment.REFINE;
    }
    return change.sameLength() ? PlanAlignment.REPLACE : PlanAlignment.REFINE;
  }

  private Optional<PlannedBlend> blend(
      Change change,
      Map<String, Double> reweights,
      String caption,
      EditingDefaults.Injection kind,
      Settings s,
      boolean structural) {
    String sourceWord;
    String targetWord;
    int at;
    if (change.positions().size() == 1) {
      at = change.positions().get(0);
      sourceWord = change.sourceWords().get(0);
      targetWord = change.words().get(0);
    } else if (change.positions().isEmpty() && !reweights.isEmpty()) {
      String w = reweights.keySet().iterator().next();
      if (!EditRules.contains(caption, w)) {
        return Optional.empty();
      }
      sourceWord = w;
      targetWord = w;
      at = -1;
    } else {
      return Optional.empty();
    }
    PlannedBlend.Builder b =
        PlannedBlend.newBuilder()
            .setSourceWord(sourceWord)
            .setTargetWord(targetWord)
            .setThreshold(s.blendThreshold != null ? s.blendThreshold : kind.blend().threshold())
            .setStart(kind.blend().start())
            .setFootprint(kind.blend().footprint());
    if (!structural && at >= 0) {
      separate(b, caption, at);
    }
    return Optional.of(b.build());
  }

  /**
   * Narrows the blend to the object the change is in: the words of the separating classes where
   * that object and the others differ (or of the fallback classes when none differ).
   */
  private void separate(PlannedBlend.Builder b, String caption, int at) {
    EditingDefaults.Scene scene = bundle.defaults().scene();
    if (scene == null) {
      return;
    }
    CaptionObjects objects = CaptionObjects.of(caption, scene);
    Optional<Integer> edited = objects.phraseAt(at);
    if (objects.count() < 2 || edited.isEmpty()) {
      return;
    }
    List<String> mine = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    differing(objects, edited.get(), scene.separatingClasses(), mine, theirs);
    if (mine.isEmpty()) {
      differing(objects, edited.get(), scene.fallbackClasses(), mine, theirs);
    }
    if (!mine.isEmpty() && !theirs.isEmpty()) {
      b.setObjectWords(mine).setOtherWords(theirs);
    }
  }

  private void differing(
      CaptionObjects objects,
      int me,
      List<String> classes,
      List<String> mine,
      List<String> theirs) {
    for (String c : classes) {
      List<String> words = bundle.defaults().words(c);
      String my = objects.wordOf(me, words);
      for (int other = 0; other < objects.count(); other++) {
        String their = other == me ? null : objects.wordOf(other, words);
        if (my != null && their != null && !my.equals(their)) {
          if (!mine.contains(my)) {
            mine.add(my);
          }
          if (!theirs.contains(their)) {
            theirs.add(their);
          }
        }
      }
    }
  }

  private static Map<String, Double> reweights(Object edit) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (edit instanceof PromptEdit p) {
      for (WordWeight w : p.getReweights()) {
        out.put(w.getWord().toLowerCase(Locale.ROOT), exact(w.getFactor()));
      }
    }
    return out;
  }

  private static List<String> lower(List<String> words) {
    return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * A request's float as the double it reads as: 0.2f becomes 0.2, not 0.20000000298..., so that a
   * fraction given in a request lands on the same step boundaries as the same default.
   */
  static double exact(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  /** The request's settings over the defaults; null where the kind of edit decides later. */
  private static final class Settings {
    final int steps;
    final double guidance;
    final Double cross;
    final Double self;
    final Boolean localBlend;
    final Double blendThreshold;
    final double maskThreshold;
    final dev.editstream.schemas.avro.InversionMethod inversion;
    final int innerSteps;

    Settings(SamplerParams p, EditingDefaults d) {
      SamplerParams r = p == null ? SamplerParams.newBuilder().build() : p;
      steps = r.getDenoisingSteps() != null ? r.getDenoisingSteps() : d.steps();
      guidance = r.getGuidance() != null ? exact(r.getGuidance()) : d.guidance();
      cross = r.getCrossAttentionFraction() == null ? null : exact(r.getCrossAttentionFraction());
      self = r.getSelfAttentionFraction() == null ? null : exact(r.getSelfAttentionFraction());
      localBlend = r.getLocalBlend();
      blendThreshold = r.getBlendThreshold() == null ? null : exact(r.getBlendThreshold());
      maskThreshold = blendThreshold != null ? blendThreshold : d.wordMaskThreshold();
      inversion = r.getInversion() != null ? r.getInversion() : d.inversion().method();
      innerSteps =
          r.getNullTextInnerSteps() != null
              ? r.getNullTextInnerSteps()
              : d.inversion().nullTextInnerSteps();
    }
  }
}

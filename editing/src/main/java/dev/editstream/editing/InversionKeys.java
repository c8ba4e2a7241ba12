package dev.editstream.editing;

import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.PlannedInversion;
import dev.editstream.schemas.keys.InversionKey;
import java.util.Optional;

/**
 * The inversion key of a plan, as the processors compute it before any worker runs and as the
 * engine checks it when it is handed a cached inversion: from the bundle's descriptor alone,
 * without TensorFlow. The engine's DDIM conventions are defined here, so both sides read one
 * definition.
 */
public final class InversionKeys {

  /** The engine's DDIM steps offset (Stable Diffusion's convention). */
  public static final int STEPS_OFFSET = 1;

  /** Whether the final alpha-bar is forced to one (Stable Diffusion's: no). */
  public static final boolean SET_ALPHA_TO_ONE = false;

  /** The engine's timestep spacing. */
  public static final String SPACING = "leading";

  private InversionKeys() {}

  /**
   * The key of the inversion a plan starts from.
   *
   * @param bundle the bundle the plan is for
   * @param plan the plan
   * @param imageHash the source's {@link dev.editstream.schemas.keys.ImageHash}
   * @return the key, or empty when the plan inverts nothing (SDEdit, variation)
   */
  public static Optional<InversionKey> forPlan(
      BundleDescriptor bundle, EditPlan plan, String imageHash) {
    PlannedInversion inversion = plan.getInversion();
    if (inversion == null) {
      return Optional.empty();
    }
    String method = inversion.getMethod().name();
    return Optional.of(
        InversionKey.of(
            imageHash,
            bundle.sha256(),
            schedule(bundle.manifest().noiseSchedule()),
            plan.getSteps(),
            bundle.tokenizer().encode(plan.getSourceCaption()),
            method,
            plan.getGuidance(),
            InversionKey.NullText.paper(inversion.getNullTextInnerSteps())));
  }

  /** The canonical schedule of a bundle's noise schedule under the engine's conventions. */
  public static String schedule(BundleManifest.NoiseSchedule noise) {
    return InversionKey.schedule(
        noise.trainTimesteps(),
        noise.betaStart(),
        noise.betaEnd(),
        noise.schedule(),
        STEPS_OFFSET,
        SET_ALPHA_TO_ONE,
        SPACING);
  }
}

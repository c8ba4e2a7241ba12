package dev.editstream.processors.dispatch;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.Seeds;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskSource;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.blob.Sha256;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The job factory of a deployment: plans each request with its bundle's {@link EditPlanner} (the
 * same planner the quality benchmark uses) and fills in the seed (the request's, or one derived
 * from its id), the bundle's version and sha256 and the image's sha256. Until the caption stage
 * exists, a prompt edit without a caption is refused here ({@code MISSING_FIELD}); SDEdit and
 * variations need none.
 */
public final class PlannedJobFactory implements JobFactory {
  private final Map<String, EditPlanner> planners;

  /**
   * A factory over the deployed bundles.
   *
   * @param bundles the bundle descriptors by name
   */
  public PlannedJobFactory(Map<String, BundleDescriptor> bundles) {
    this.planners =
        bundles.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> new EditPlanner(e.getValue())));
  }

  @Override
  public EditJob jobFor(EditRequest request, Instant now) {
    EditPlanner planner = planners.get(request.getBundleName());
    if (planner == null) {
      throw new EditException(
          ReasonCode.UNKNOWN_BUNDLE,
          "'" + request.getBundleName() + "' is not deployed here: " + planners.keySet());
    }
    String caption = request.getSourceCaption();
    boolean needsCaption =
        !(request.getEdit() instanceof Variation)
            && !(request.getEdit() instanceof dev.editstream.schemas.avro.SdEdit);
    if (needsCaption && (caption == null || caption.isBlank())) {
      throw new EditException(
          ReasonCode.MISSING_FIELD,
          "sourceCaption: this deployment has no caption stage yet, so a prompt edit needs the"
              + " image's caption");
    }
    long seed =
        Seeds.forRequest(
            request.getRequestId(),
            request.getSampler() == null ? null : request.getSampler().getSeed());
    EditPlan plan = planner.plan(request, caption == null ? "" : caption, seed);
    BundleDescriptor bundle = planner.bundle();
    return EditJob.newBuilder()
        .setRequestId(request.getRequestId())
        .setRequest(request)
        .setImageSha256(imageSha256(request.getImage()))
        .setResolvedCaption(caption == null ? "" : caption)
        .setCaptionSource(caption == null ? CaptionSource.UNKNOWN : CaptionSource.CLIENT)
        .setMaskSource(maskSource(request, plan))
        .setBundleVersion(bundle.manifest().version())
        .setBundleSha256(bundle.sha256())
        .setSeed(seed)
        .setPlan(plan)
        .setDispatchedAt(now)
        .build();
  }

  private static MaskSource maskSource(EditRequest request, EditPlan plan) {
    if (plan.getMethod() != PlanMethod.PROMPT_TO_PROMPT) {
      return MaskSource.WHOLE_IMAGE;
    }
    if (request.getMask() instanceof MaskWords) {
      return MaskSource.WORDS;
    }
    if (plan.getRegion() == PlanRegion.USER_MASK) {
      return MaskSource.EXPLICIT;
    }
    return plan.getRegion() == PlanRegion.LOCAL_BLEND
        ? MaskSource.LOCAL_BLEND
        : MaskSource.WHOLE_IMAGE;
  }

  private static String imageSha256(Object image) {
    if (image instanceof BlobRef ref) {
      return ref.getSha256();
    }
    return Sha256.hex(InlineBytes.of((ByteBuffer) image));
  }
}

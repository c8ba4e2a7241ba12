package dev.editstream.processors.dispatch;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.InversionKeys;
import dev.editstream.editing.Seeds;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.MaskSource;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.schemas.keys.ImageHash;
import dev.editstream.schemas.keys.InversionKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The job factory of a deployment. A request without a caption first asks the caption stage (keyed
 * by its {@link ImageHash}); then it is planned with its bundle's {@link EditPlanner} (the planner
 * the quality benchmark uses), with the seed given or derived from its id; a plan that starts from
 * an inversion asks the inversion stage (keyed by {@link InversionKeys#forPlan}); then the edit job
 * goes out carrying the caption's source and the inversion's record. SDEdit and variations need
 * neither a caption nor an inversion.
 */
public final class PlannedJobFactory implements JobFactory {
  private final Map<String, EditPlanner> planners;
  private final BlobStore blobs;

  /**
   * A factory over the deployed bundles.
   *
   * @param bundles the bundle descriptors by name
   * @param blobs where images given by reference are read, to hash their pixels
   */
  public PlannedJobFactory(Map<String, BundleDescriptor> bundles, BlobStore blobs) {
    this.planners =
        bundles.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> new EditPlanner(e.getValue())));
    this.blobs = blobs;
  }

  @Override
  public Step next(EditRequest request, Resolved resolved, Instant now) {
    EditPlanner planner = planners.get(request.getBundleName());
    if (planner == null) {
      throw new EditException(
          ReasonCode.UNKNOWN_BUNDLE,
          "'" + request.getBundleName() + "' is not deployed here: " + planners.keySet());
    }
    BundleDescriptor bundle = planner.bundle();
    Resolved.Caption caption = captionOf(request, resolved);
    if (caption == null) {
      String hash = imageHash(request);
      return new Step.Resolve(
          ResolutionStage.CAPTIONS, hash, captionJob(request, bundle, hash, now));
    }
    long seed =
        Seeds.forRequest(
            request.getRequestId(),
            request.getSampler() == null ? null : request.getSampler().getSeed());
    EditPlan plan = planner.plan(request, caption.text(), seed);
    Optional<InversionKey> key = Optional.empty();
    String hash = null;
    if (plan.getInversion() != null) {
      hash = imageHash(request);
      key = InversionKeys.forPlan(bundle, plan, hash);
      if (resolved.inversion().isEmpty()) {
        return new Step.Resolve(
            ResolutionStage.INVERSIONS,
            key.get().hex(),
            inversionJob(request, bundle, plan, key.get(), hash, now));
      }
    }
    return new Step.Dispatch(
        EditJob.newBuilder()
            .setRequestId(request.getRequestId())
            .setRequest(request)
            .setImageSha256(imageSha256(request.getImage()))
            .setImageHash(hash == null ? "" : hash)
            .setResolvedCaption(caption.text())
            .setCaptionSource(caption.source())
            .setCaptionScore(caption.score())
            .setMaskSource(maskSource(request, plan))
            .setInversionKey(key.map(InversionKey::hex).orElse(null))
            .setInversion(resolved.inversion().orElse(null))
            .setBundleVersion(bundle.manifest().version())
            .setBundleSha256(bundle.sha256())
            .setSeed(seed)
            .setPlan(plan)
            .setDispatchedAt(now)
            .build());
  }

  /** The caption to plan with, or null when the caption stage must be asked. */
  private static Resolved.Caption captionOf(EditRequest request, Resolved resolved) {
    String given = request.getSourceCaption();
    if (given != null && !given.isBlank()) {
      return new Resolved.Caption(given, CaptionSource.CLIENT, null);
    }
    if (resolved.caption().isPresent()) {
      return resolved.caption().get();
    }
    boolean needsNone =
        request.getEdit() instanceof Variation || request.getEdit() instanceof SdEdit;
    return needsNone ? new Resolved.Caption("", CaptionSource.UNKNOWN, null) : null;
  }

  private static CaptionJob captionJob(
      EditRequest request, BundleDescriptor bundle, String hash, Instant now) {
    return CaptionJob.newBuilder()
        .setImageHash(hash)
        .setImage(request.getImage())
        .setBundleName(request.getBundleName())
        .setBundleVersion(bundle.manifest().version())
        .setBundleSha256(bundle.sha256())
        .setFirstRequestId(request.getRequestId())
        .setCreatedAt(now)
        .build();
  }

  private static InversionJob inversionJob(
      EditRequest request,
      BundleDescriptor bundle,
      EditPlan plan,
      InversionKey key,
      String hash,
      Instant now) {
    return InversionJob.newBuilder()
        .setInversionKey(key.hex())
        .setImageSha256(imageSha256(request.getImage()))
        .setImageHash(hash)
        .setImage(request.getImage())
        .setCaption(plan.getSourceCaption())
        .setBundleName(request.getBundleName())
        .setBundleVersion(bundle.manifest().version())
        .setBundleSha256(bundle.sha256())
        .setMethod(plan.getInversion().getMethod())
        .setSteps(plan.getSteps())
        .setGuidanceScale((float) plan.getGuidance())
        .setFirstRequestId(request.getRequestId())
        .setCreatedAt(now)
        .setPlan(plan)
        .build();
  }

  /**
   * The canonical hash of the request's pixels, read from the blob store when given by reference.
   */
  private String imageHash(EditRequest request) {
    byte[] encoded =
        request.getImage() instanceof BlobRef ref
            ? blobs.get(ref)
            : InlineBytes.of((ByteBuffer) request.getImage());
    return ImageHash.ofEncoded(encoded)
        .orElseThrow(
            () ->
                new EditException(
                    ReasonCode.IMAGE_UNDECODABLE, "image: the pixels cannot be decoded to hash"));
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

package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.dispatch.Resolved;
import dev.editstream.processors.dispatch.Step;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskSource;
import dev.editstream.schemas.avro.PlanAlignment;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.blob.Sha256;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** A job factory for tests: fills the job's required fields plainly, plans nothing for real. */
final class PlainJobFactory implements JobFactory {

  static final String BUNDLE_VERSION = "2";
  static final String BUNDLE_SHA256 = "b".repeat(64);
  static final long DERIVED_SEED = 777L;

  @Override
  public Step next(EditRequest request, Resolved resolved, Instant now) {
    return new Step.Dispatch(job(request, now));
  }

  /** The job this factory makes of a request. */
  EditJob job(EditRequest request, Instant now) {
    long seed =
        request.getSampler().getSeed() == null ? DERIVED_SEED : request.getSampler().getSeed();
    String target = ((PromptEdit) request.getEdit()).getTargetPrompt();
    return EditJob.newBuilder()
        .setRequestId(request.getRequestId())
        .setRequest(request)
        .setImageSha256(imageSha256(request))
        .setResolvedCaption(request.getSourceCaption())
        .setCaptionSource(CaptionSource.CLIENT)
        .setMaskSource(MaskSource.LOCAL_BLEND)
        .setBundleVersion(BUNDLE_VERSION)
        .setBundleSha256(BUNDLE_SHA256)
        .setSeed(seed)
        .setPlan(
            EditPlan.newBuilder()
                .setMethod(PlanMethod.PROMPT_TO_PROMPT)
                .setSourceCaption(request.getSourceCaption())
                .setTargetPrompt(target)
                .setSteps(20)
                .setGuidance(7.5)
                .setSeed(seed)
                .setAlignment(PlanAlignment.REPLACE)
                .setChangedWords(List.of("green"))
                .setCrossFraction(0.8)
                .setSelfFraction(0.4)
                .setRegion(PlanRegion.LOCAL_BLEND)
                .setDefaults("shapes32 2, docs/quality.md")
                .build())
        .setDispatchedAt(now)
        .build();
  }

  private static String imageSha256(EditRequest request) {
    if (request.getImage() instanceof BlobRef ref) {
      return ref.getSha256();
    }
    ByteBuffer bytes = ((ByteBuffer) request.getImage()).duplicate();
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return Sha256.hex(copy);
  }
}

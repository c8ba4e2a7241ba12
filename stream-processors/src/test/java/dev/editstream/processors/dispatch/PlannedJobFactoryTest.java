package dev.editstream.processors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.InversionKeys;
import dev.editstream.editing.Seeds;
import dev.editstream.processors.Pictures;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.avro.MaskSource;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.blob.FileBlobStore;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.schemas.keys.ImageHash;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannedJobFactoryTest {
  private static final BundleDescriptor SHAPES =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));
  static final byte[] IMAGE = Pictures.circle(Color.RED, 6);
  private static final String CAPTION = "a large red circle on a blue background";
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

  @TempDir Path blobDir;

  private PlannedJobFactory factory() {
    return new PlannedJobFactory(Map.of("shapes32", SHAPES), new FileBlobStore(blobDir));
  }

  @Test
  void aNullTextEditFirstAsksForItsInversionByTheContractsKey() {
    Step step = factory().next(request("r-1", CAPTION), Resolved.NOTHING, NOW);

    Step.Resolve ask = (Step.Resolve) step;
    assertThat(ask.stage()).isEqualTo(ResolutionStage.INVERSIONS);
    InversionJob job = (InversionJob) ask.job();
    String hash = ImageHash.ofEncoded(IMAGE).orElseThrow();
    assertThat(ask.key())
        .isEqualTo(job.getInversionKey())
        .isEqualTo(InversionKeys.forPlan(SHAPES, job.getPlan(), hash).orElseThrow().hex());
    assertThat(job.getImageHash()).isEqualTo(hash);
    assertThat(job.getMethod()).isEqualTo(InversionMethod.NULL_TEXT);
    assertThat(job.getCaption()).isEqualTo(CAPTION);
    assertThat(job.getSteps()).isEqualTo(job.getPlan().getSteps());
    assertThat(job.getBundleSha256()).isEqualTo(SHAPES.sha256());
    assertThat(job.getFirstRequestId()).isEqualTo("r-1");
  }

  @Test
  void withItsInversionAnsweredTheJobCarriesIt() {
    EditRequest request = request("r-1", CAPTION);
    Step.Resolve ask = (Step.Resolve) factory().next(request, Resolved.NOTHING, NOW);
    InversionRecord record = readyRecord(ask.key());

    EditJob job =
        ((Step.Dispatch) factory().next(request, Resolved.NOTHING.withInversion(record), NOW))
            .job();
    assertThat(job.getRequestId()).isEqualTo("r-1");
    assertThat(job.getInversionKey()).isEqualTo(ask.key());
    assertThat(job.getInversion()).isEqualTo(record);
    assertThat(job.getPlan().getRegion()).isEqualTo(PlanRegion.LOCAL_BLEND);
    assertThat(job.getPlan().getSeed()).isEqualTo(Seeds.forRequest("r-1", null));
    assertThat(job.getSeed()).isEqualTo(job.getPlan().getSeed());
    assertThat(job.getBundleSha256()).isEqualTo(SHAPES.sha256());
    assertThat(job.getBundleVersion()).isEqualTo("1.0.0");
    assertThat(job.getImageSha256()).isEqualTo(Sha256.hex(IMAGE));
    assertThat(job.getResolvedCaption()).isEqualTo(CAPTION);
    assertThat(job.getCaptionSource()).isEqualTo(CaptionSource.CLIENT);
    assertThat(job.getMaskSource()).isEqualTo(MaskSource.LOCAL_BLEND);
    assertThat(job.getDispatchedAt()).isEqualTo(NOW);
  }

  @Test
  void aRequestWithoutCaptionAsksForItByImageHashThenPlansWithTheAnswer() {
    EditRequest request = request("r-2", null);
    Step.Resolve ask = (Step.Resolve) factory().next(request, Resolved.NOTHING, NOW);
    assertThat(ask.stage()).isEqualTo(ResolutionStage.CAPTIONS);
    assertThat(ask.key()).isEqualTo(ImageHash.ofEncoded(IMAGE).orElseThrow());
    CaptionJob job = (CaptionJob) ask.job();
    assertThat(job.getImageHash()).isEqualTo(ask.key());
    assertThat(job.getBundleSha256()).isEqualTo(SHAPES.sha256());

    Resolved captioned =
        Resolved.NOTHING.withCaption(new Resolved.Caption(CAPTION, CaptionSource.CACHED, 0.9));
    Step.Resolve inversion = (Step.Resolve) factory().next(request, captioned, NOW);
    assertThat(inversion.stage()).isEqualTo(ResolutionStage.INVERSIONS);
    assertThat(((InversionJob) inversion.job()).getCaption()).isEqualTo(CAPTION);

    EditJob edit =
        ((Step.Dispatch)
                factory().next(request, captioned.withInversion(readyRecord(inversion.key())), NOW))
            .job();
    assertThat(edit.getResolvedCaption()).isEqualTo(CAPTION);
    assertThat(edit.getCaptionSource()).isEqualTo(CaptionSource.CACHED);
    assertThat(edit.getCaptionScore()).isEqualTo(0.9);
  }

  @Test
  void anImageByReferenceHasTheKeyOfTheSamePixelsInline() {
    BlobRef ref = new FileBlobStore(blobDir).put(IMAGE, "image/png");
    EditRequest byRef = request("r-3", CAPTION);
    byRef.setImage(ref);
    Step.Resolve inline =
        (Step.Resolve) factory().next(request("r-3", CAPTION), Resolved.NOTHING, NOW);
    Step.Resolve referenced = (Step.Resolve) factory().next(byRef, Resolved.NOTHING, NOW);
    assertThat(referenced.key()).isEqualTo(inline.key());
  }

  @Test
  void sdEditNeedsNeitherCaptionNorInversion() {
    EditRequest sd = request("r-4", null);
    sd.setEdit(new SdEdit(0.5f, "a large green circle on a blue background"));
    EditJob job = ((Step.Dispatch) factory().next(sd, Resolved.NOTHING, NOW)).job();
    assertThat(job.getPlan().getStrength()).isEqualTo(0.5);
    assertThat(job.getInversionKey()).isNull();
  }

  @Test
  void theBundlesRulesApplyToTheResolvedCaption() {
    EditRequest r = request("r-5", "a red circle on a blue background");
    assertThatThrownBy(() -> factory().next(r, Resolved.NOTHING, NOW))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.REPLACE_WORD_COUNT_MISMATCH));

    EditRequest words = request("r-6", null);
    words.setMask(new MaskWords(List.of("square")));
    Resolved captioned =
        Resolved.NOTHING.withCaption(new Resolved.Caption(CAPTION, CaptionSource.CAPTIONER, 0.8));
    assertThatThrownBy(() -> factory().next(words, captioned, NOW))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.MASK_WORD_NOT_IN_CAPTION));
  }

  @Test
  void anUndecodableImageIsRefusedWithItsCode() {
    EditRequest r = request("r-7", CAPTION);
    r.setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> factory().next(r, Resolved.NOTHING, NOW))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.IMAGE_UNDECODABLE));
  }

  static InversionRecord readyRecord(String key) {
    return InversionRecord.newBuilder()
        .setInversionKey(key)
        .setStatus(InversionStatus.READY)
        .setImageSha256(Sha256.hex(IMAGE))
        .setImageHash(ImageHash.ofEncoded(IMAGE).orElseThrow())
        .setCaption(CAPTION)
        .setBundleName("shapes32")
        .setBundleVersion("1.0.0")
        .setBundleSha256(SHAPES.sha256())
        .setMethod(InversionMethod.NULL_TEXT)
        .setSteps(20)
        .setGuidanceScale(7.5f)
        .setInversion(
            BlobRef.newBuilder()
                .setUri("file:sha256/ab/ab/" + "ab".repeat(32))
                .setSha256("ab".repeat(32))
                .setSize(111_000)
                .setMediaType("application/x-editstream-inversion")
                .build())
        .setDurationMs(7_000)
        .setComputedAt(NOW)
        .build();
  }

  static EditRequest request(String id, String caption) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(IMAGE))
        .setSourceCaption(caption)
        .setEdit(
            new PromptEdit(
                PromptEditMode.REPLACE, "a large green circle on a blue background", List.of()))
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().build())
        .build();
  }
}

package dev.editstream.processors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.Seeds;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskSource;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.blob.Sha256;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannedJobFactoryTest {
  private static final BundleDescriptor SHAPES =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));
  private static final byte[] IMAGE = {1, 2, 3};
  private final PlannedJobFactory factory = new PlannedJobFactory(Map.of("shapes32", SHAPES));

  @Test
  void aJobHoldsThePlanTheSeedAndTheBundle() {
    Instant now = Instant.parse("2026-12-02T08:00:00Z");
    EditJob job = factory.jobFor(request("r-1", "a large red circle on a blue background"), now);
    assertThat(job.getRequestId()).isEqualTo("r-1");
    assertThat(job.getPlan().getRegion()).isEqualTo(PlanRegion.LOCAL_BLEND);
    assertThat(job.getPlan().getSeed()).isEqualTo(Seeds.forRequest("r-1", null));
    assertThat(job.getSeed()).isEqualTo(job.getPlan().getSeed());
    assertThat(job.getBundleSha256()).isEqualTo(SHAPES.sha256());
    assertThat(job.getBundleVersion()).isEqualTo("1.0.0");
    assertThat(job.getImageSha256()).isEqualTo(Sha256.hex(IMAGE));
    assertThat(job.getMaskSource()).isEqualTo(MaskSource.LOCAL_BLEND);
    assertThat(job.getDispatchedAt()).isEqualTo(now);
  }

  @Test
  void aGivenSeedIsKept() {
    EditRequest r = request("r-2", "a large red circle on a blue background");
    r.setSampler(SamplerParams.newBuilder().setSeed(77L).build());
    assertThat(factory.jobFor(r, Instant.EPOCH).getSeed()).isEqualTo(77L);
  }

  @Test
  void aPromptEditWithoutCaptionIsRefusedUntilTheCaptionStageExists() {
    assertThatThrownBy(() -> factory.jobFor(request("r-3", null), Instant.EPOCH))
        .isInstanceOfSatisfying(
            EditException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_FIELD));
    EditRequest sd = request("r-4", null);
    sd.setEdit(new SdEdit(0.5f, "a large green circle on a blue background"));
    assertThat(factory.jobFor(sd, Instant.EPOCH).getPlan().getStrength()).isEqualTo(0.5);
  }

  @Test
  void theBundlesRulesStillApplyWithTheCaption() {
    EditRequest r = request("r-5", "a red circle on a blue background");
    assertThatThrownBy(() -> factory.jobFor(r, Instant.EPOCH))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.REPLACE_WORD_COUNT_MISMATCH));
  }

  private static EditRequest request(String id, String caption) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(IMAGE))
        .setSourceCaption(caption)
        .setEdit(
            new PromptEdit(
                PromptEditMode.REPLACE, "a large green circle on a blue background", List.of()))
        .setBundleName("shapes32")
        .build();
  }
}

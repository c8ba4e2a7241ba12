package dev.editstream.producers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

  private static final EditRequest REQUEST =
      EditRequest.newBuilder()
          .setRequestId("shop-17")
          .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
          .setSourceCaption("a large red circle on a blue background")
          .setEdit(
              new PromptEdit(
                  PromptEditMode.REPLACE, "a large green circle on a blue background", List.of()))
          .setBundleName("shapes32")
          .setSampler(SamplerParams.newBuilder().setDenoisingSteps(4).build())
          .setDeadline(Instant.parse("2026-12-06T21:00:00Z"))
          .setMetadata(Map.of("sku", "17"))
          .build();

  private static EditResult result(ResultStatus status, String reason, String sha) {
    return EditResult.newBuilder()
        .setRequestId("shop-17")
        .setStatus(status)
        .setReasonCode(reason)
        .setMessage("")
        .setResultImage(sha == null ? null : new BlobRef("file:x", sha, 3L, "image/png"))
        .setSeed(424242L)
        .setBundleId("shapes32:7")
        .setCompletedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void aReplayPinsTheRecordedSeedAndBundleVersionDropsTheDeadlineAndNamesItsOrigin() {
    EditRequest replay =
        Replay.replayOf(
            new Replay.Pending(REQUEST, result(ResultStatus.SUCCEEDED, "OK", "ab")),
            "replay-x-shop-17");
    assertThat(replay.getRequestId()).isEqualTo("replay-x-shop-17");
    assertThat(replay.getSampler().getSeed()).isEqualTo(424242L);
    assertThat(replay.getSampler().getDenoisingSteps()).isEqualTo(4);
    assertThat(replay.getBundleVersion()).isEqualTo("7");
    assertThat(replay.getDeadline()).isNull();
    assertThat(replay.getMetadata())
        .containsEntry("replayOf", "shop-17")
        .containsEntry("sku", "17");
    assertThat(replay.getEdit()).isEqualTo(REQUEST.getEdit());
    assertThat(replay.getImage()).isEqualTo(REQUEST.getImage());
  }

  @Test
  void anExplicitSeedIsKept() {
    EditRequest seeded =
        EditRequest.newBuilder(REQUEST)
            .setSampler(SamplerParams.newBuilder().setSeed(5L).build())
            .build();
    EditRequest replay =
        Replay.replayOf(
            new Replay.Pending(seeded, result(ResultStatus.SUCCEEDED, "OK", "ab")), "replay-x");
    assertThat(replay.getSampler().getSeed()).isEqualTo(5L);
  }

  @Test
  void successesMatchByHashAndOtherOutcomesByStatusAndReason() {
    EditResult ok = result(ResultStatus.SUCCEEDED, "OK", "ab");
    assertThat(Replay.sameOutcome(ok, result(ResultStatus.SUCCEEDED, "OK", "ab"))).isTrue();
    assertThat(Replay.sameOutcome(ok, result(ResultStatus.SUCCEEDED, "OK", "cd"))).isFalse();
    assertThat(Replay.sameOutcome(ok, result(ResultStatus.FAILED, "ENGINE_ERROR", null))).isFalse();
    EditResult rejected = result(ResultStatus.REJECTED, "MASK_WORD_NOT_IN_CAPTION", null);
    assertThat(
            Replay.sameOutcome(
                rejected, result(ResultStatus.REJECTED, "MASK_WORD_NOT_IN_CAPTION", null)))
        .isTrue();
    assertThat(
            Replay.sameOutcome(
                rejected, result(ResultStatus.REJECTED, "WORD_NOT_IN_VOCABULARY", null)))
        .isFalse();
  }

  @Test
  void replayIdsStayWithinIntakesLimit() {
    assertThat(Replay.replayId("k2", "shop-17")).isEqualTo("replay-k2-shop-17");
    String longId = "x".repeat(200);
    assertThat(Replay.replayId("k2", longId)).startsWith("replay-k2-").hasSize(42);
  }

  @Test
  void pointsAreOffsetsOrInstantsWithTheirZone() {
    assertThat(ReplayPoint.parse("120")).isEqualTo(new ReplayPoint(null, 120));
    assertThat(ReplayPoint.parse("2026-12-06T22:00:00+01:00").time())
        .isEqualTo(Instant.parse("2026-12-06T21:00:00Z"));
    assertThat(ReplayPoint.parse("2026-12-06T21:00:00Z").isTime()).isTrue();
    assertThatThrownBy(() -> ReplayPoint.parse("2026-12-06T21:00:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("with its zone");
    assertThatThrownBy(() -> ReplayPoint.parse("-3")).isInstanceOf(IllegalArgumentException.class);
  }
}

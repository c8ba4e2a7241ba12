package dev.editstream.producers.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");
  private final List<AuditEvent> events = new ArrayList<>();

  private void event(Stage stage, String decision, Map<String, String> details) {
    events.add(
        AuditEvent.newBuilder()
            .setRequestId("r-1")
            .setStage(stage)
            .setDecision(decision)
            .setDetails(details)
            .setComponent("test")
            .setTimestamp(T0.plusMillis(events.size()))
            .build());
  }

  @Test
  void aParkedInversionAndACachedCaptionAreReadBackWithTheResult() {
    event(Stage.INTAKE, "ACCEPTED", Map.of());
    event(Stage.DISPATCH, "CAPTION_ASKED", Map.of("key", "img"));
    event(Stage.CAPTION, "CAPTION_HIT", Map.of("key", "img"));
    event(Stage.DISPATCH, "INVERSION_ASKED", Map.of("key", "inv"));
    event(Stage.INVERSION, "INVERSION_PARKED", Map.of("key", "inv", "issuedBy", "r-0"));
    event(
        Stage.INVERSION,
        "INVERSION_RELEASED",
        Map.of("key", "inv", "parkedMs", "4100", "jobIssued", "false"));
    event(
        Stage.DISPATCH,
        "DISPATCHED",
        Map.of(
            "captionSource", "CACHED",
            "maskSource", "LOCAL_BLEND",
            "bundleName", "shapes32",
            "bundleVersion", "1.0.0",
            "bundleSha256", "b".repeat(64),
            "seed", "42",
            "method", "PROMPT_TO_PROMPT"));
    event(Stage.EDIT, "EDIT_FINISHED", Map.of("resultSha256", "c".repeat(64), "build", "b1"));
    event(
        Stage.RESULT,
        "SUCCEEDED",
        Map.of(
            "reasonCode", "OK",
            "resultSha256", "c".repeat(64),
            "captionSource", "CACHED",
            "caption", "a red circle",
            "timing.editMs", "600"));

    Lineage lineage = Lineage.of("r-1", events);

    assertThat(lineage.end()).hasValue(new Lineage.End(ResultStatus.SUCCEEDED, "OK", Stage.RESULT));
    assertThat(lineage.resultSha256()).hasValue("c".repeat(64));
    assertThat(lineage.captionSource()).hasValue("CACHED");
    assertThat(lineage.caption().orElseThrow().outcome()).isEqualTo("HIT");
    Lineage.Resolution inversion = lineage.inversion().orElseThrow();
    assertThat(inversion.outcome()).isEqualTo("PARKED");
    assertThat(inversion.computedForThisRequest()).isFalse();
    assertThat(inversion.issuedBy()).hasValue("r-0");
    assertThat(inversion.answer()).hasValue("RELEASED");
    assertThat(inversion.parkedMs()).hasValue(4100L);
    assertThat(lineage.worker()).containsEntry("build", "b1");
    assertThat(lineage.lines())
        .anySatisfy(
            l -> assertThat(l).contains("shared: parked behind r-0's job, RELEASED after 4100 ms"))
        .anySatisfy(l -> assertThat(l).contains("build      b1"))
        .anySatisfy(l -> assertThat(l).contains("{editMs=600}"));
  }

  @Test
  void anOpenRequestHasNoEndAndARejectedOneEndsAtIntake() {
    event(Stage.INTAKE, "ACCEPTED", Map.of());
    assertThat(Lineage.of("r-1", events).end()).isEmpty();
    event(Stage.INTAKE, "REJECTED", Map.of("reasonCode", "IMAGE_UNDECODABLE"));
    assertThat(Lineage.of("r-1", events).end())
        .hasValue(new Lineage.End(ResultStatus.REJECTED, "IMAGE_UNDECODABLE", Stage.INTAKE));
  }
}

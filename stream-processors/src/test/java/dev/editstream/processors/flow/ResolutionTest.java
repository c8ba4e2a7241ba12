package dev.editstream.processors.flow;

import static dev.editstream.processors.flow.FlowDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.processors.Pictures;
import dev.editstream.processors.dispatch.PlannedJobFactory;
import dev.editstream.processors.resolution.ResolutionMetrics;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.FileBlobStore;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolution stages inside the whole flow, with the deployment's job factory and the committed
 * bundle's descriptor: asks, single flight, releases, failures, and parked requests that are
 * cancelled or expire.
 */
class ResolutionTest {
  private static final BundleDescriptor SHAPES =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));
  private static final String CAPTION = "a large red circle on a blue background";
  private static final Color[] COLOURS = {
    Color.RED, Color.GREEN, Color.YELLOW, Color.WHITE, Color.BLACK
  };

  @TempDir Path tmp;
  private FlowDriver flow;

  @BeforeEach
  void setUp() {
    flow = new FlowDriver("resolution-test", tmp.resolve("state"));
    flow.factory =
        new PlannedJobFactory(Map.of("shapes32", SHAPES), new FileBlobStore(tmp.resolve("blobs")));
  }

  @AfterEach
  void tearDown() {
    flow.close();
  }

  @Test
  void fiftyRequestsOverFiveImagesIssueFiveInversionsAndAllAreReleasedWithThem() {
    for (int i = 0; i < 50; i++) {
      flow.accepted.pipeInput("r-" + i, request("r-" + i, image(i % 5), CAPTION).build());
    }
    List<KeyValue<String, InversionJob>> issued = flow.inversionJobs.readKeyValuesToList();
    assertThat(issued).hasSize(5);
    assertThat(issued).extracting(kv -> kv.key).doesNotHaveDuplicates();
    assertThat(flow.jobs.isEmpty()).isTrue();
    assertThat(flow.states.get("r-7").getPhase()).isEqualTo(RequestPhase.RESOLVING);

    flow.advance(Duration.ofMillis(700));
    issued.forEach(kv -> flow.inversions.pipeInput(kv.key, ready(kv.value)));

    List<EditJob> jobs = flow.jobs.readValuesToList();
    assertThat(jobs).hasSize(50);
    assertThat(jobs).allSatisfy(j -> assertThat(j.getInversion()).isNotNull());
    assertThat(jobs.stream().map(EditJob::getInversionKey).distinct()).hasSize(5);
    assertThat(jobs)
        .allSatisfy(
            j -> assertThat(j.getInversion().getInversionKey()).isEqualTo(j.getInversionKey()));
    ResolutionMetrics.Snapshot counts = flow.counters.inversions().snapshot();
    assertThat(counts.misses()).isEqualTo(5);
    assertThat(counts.parked()).isEqualTo(50);
    assertThat(counts.released()).isEqualTo(50);
    assertThat(counts.parkedNow()).isZero();
    assertThat(counts.maxParkMillis()).isEqualTo(700);
    assertThat(flow.results.isEmpty()).isTrue();
  }

  @Test
  void aStoredInversionIsAHitAndIssuesNoJob() {
    flow.accepted.pipeInput("first", request("first", image(0), CAPTION).build());
    KeyValue<String, InversionJob> issued = flow.inversionJobs.readKeyValue();
    flow.inversions.pipeInput(issued.key, ready(issued.value));
    flow.jobs.readValue();
    flow.audit.readValuesToList();

    flow.accepted.pipeInput("again", request("again", image(0), CAPTION).build());
    assertThat(flow.inversionJobs.isEmpty()).isTrue();
    EditJob job = flow.jobs.readValue();
    assertThat(job.getRequestId()).isEqualTo("again");
    assertThat(job.getInversion().getInversionKey()).isEqualTo(issued.key);
    assertThat(flow.decisions()).containsExactly("INVERSION_ASKED", "INVERSION_HIT", "DISPATCHED");
    assertThat(flow.counters.inversions().snapshot().hits()).isEqualTo(1);
  }

  @Test
  void anInversionInTheTableViewIsAHitWithoutAskingTheStage() {
    flow.accepted.pipeInput("first", request("first", image(0), CAPTION).build());
    KeyValue<String, InversionJob> issued = flow.inversionJobs.readKeyValue();
    InversionRecord record = ready(issued.value);
    flow.inversions.pipeInput(issued.key, record);
    flow.jobs.readValue();
    flow.audit.readValuesToList();
    flow.viewed.put(ResolutionStage.INVERSIONS.pending(issued.key), record);

    flow.accepted.pipeInput("again", request("again", image(0), CAPTION).build());
    assertThat(flow.inversionJobs.isEmpty()).isTrue();
    EditJob job = flow.jobs.readValue();
    assertThat(job.getRequestId()).isEqualTo("again");
    assertThat(job.getInversion()).isEqualTo(record);
    // no ask went out: the hit is dispatch's, audited as the inversion stage's
    List<AuditEvent> events = flow.audit.readValuesToList();
    assertThat(events)
        .extracting(AuditEvent::getDecision)
        .containsExactly("INVERSION_HIT", "DISPATCHED");
    assertThat(events.get(0).getStage()).isEqualTo(Stage.INVERSION);
    assertThat(events.get(0).getDetails()).containsEntry("key", issued.key);
    ResolutionMetrics.Snapshot counts = flow.counters.inversions().snapshot();
    assertThat(counts.hits()).isEqualTo(1);
    assertThat(counts.viewHits()).isEqualTo(1);
  }

  @Test
  void aCaptionInTheTableViewIsACachedCaption() {
    EditRequest.Builder first = request("c-first", image(1), null);
    flow.accepted.pipeInput("c-first", first.build());
    KeyValue<String, CaptionJob> captionJob = flow.captionJobs.readKeyValue();
    CaptionRecord caption = caption(captionJob.key, CAPTION, 0.9);
    flow.viewed.put(ResolutionStage.CAPTIONS.pending(captionJob.key), caption);
    flow.audit.readValuesToList();

    flow.accepted.pipeInput("c-again", request("c-again", image(1), null).build());
    assertThat(flow.captionJobs.isEmpty()).isTrue();
    assertThat(flow.states.get("c-again").getCaptionSource()).isEqualTo(CaptionSource.CACHED);
    assertThat(flow.states.get("c-again").getResolvedCaption()).isEqualTo(CAPTION);
    assertThat(flow.counters.captions().snapshot().viewHits()).isEqualTo(1);
  }

  @Test
  void aFailedInversionFailsEveryParkedRequestWithItsReasonAndIsNotCached() {
    for (int i = 0; i < 3; i++) {
      flow.accepted.pipeInput("f-" + i, request("f-" + i, image(0), CAPTION).build());
    }
    KeyValue<String, InversionJob> issued = flow.inversionJobs.readKeyValue();
    flow.inversions.pipeInput(
        issued.key,
        InversionRecord.newBuilder(ready(issued.value))
            .setStatus(InversionStatus.FAILED)
            .setInversion(null)
            .setReasonCode("RETRIES_EXHAUSTED")
            .setMessage("the inversion failed on every attempt: out of memory")
            .build());

    assertThat(flow.jobs.isEmpty()).isTrue();
    List<EditResult> results = flow.results.readValuesToList();
    assertThat(results).hasSize(3);
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
              assertThat(r.getReasonCode()).isEqualTo("RETRIES_EXHAUSTED");
              assertThat(r.getMessage()).contains("out of memory");
            });
    assertThat(flow.counters.inversions().snapshot().failed()).isEqualTo(3);

    flow.accepted.pipeInput("f-later", request("f-later", image(0), CAPTION).build());
    assertThat(flow.inversionJobs.readKeyValue().key).isEqualTo(issued.key);
  }

  @Test
  void aParkedRequestWhoseDeadlinePassesEndsExpiredAndIsNotReleasedAfterwards() {
    flow.accepted.pipeInput(
        "late",
        request("late", image(0), CAPTION).setDeadline(START.plus(Duration.ofSeconds(30))).build());
    flow.accepted.pipeInput("patient", request("patient", image(0), CAPTION).build());
    KeyValue<String, InversionJob> issued = flow.inversionJobs.readKeyValue();

    flow.advance(Duration.ofSeconds(31));
    EditResult expired = flow.results.readValue();
    assertThat(expired.getRequestId()).isEqualTo("late");
    assertThat(expired.getStatus()).isEqualTo(ResultStatus.EXPIRED);
    assertThat(flow.counters.inversions().snapshot().withdrawn()).isEqualTo(1);

    flow.inversions.pipeInput(issued.key, ready(issued.value));
    assertThat(flow.jobs.readValuesToList())
        .extracting(EditJob::getRequestId)
        .containsExactly("patient");
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(decisionsOf("late"))
        .containsExactly("INVERSION_ASKED", "INVERSION_MISS", "EXPIRED", "INVERSION_WITHDRAWN");
  }

  @Test
  void aCancelledParkedRequestEndsCancelledAndIsNotReleased() {
    flow.accepted.pipeInput("keep", request("keep", image(1), CAPTION).build());
    flow.accepted.pipeInput("drop", request("drop", image(1), CAPTION).build());
    KeyValue<String, InversionJob> issued = flow.inversionJobs.readKeyValue();

    flow.cancellations.pipeInput("drop", FlowDriver.cancel("drop"));
    EditResult cancelled = flow.results.readValue();
    assertThat(cancelled.getRequestId()).isEqualTo("drop");
    assertThat(cancelled.getStatus()).isEqualTo(ResultStatus.CANCELLED);

    flow.inversions.pipeInput(issued.key, ready(issued.value));
    assertThat(flow.jobs.readValuesToList())
        .extracting(EditJob::getRequestId)
        .containsExactly("keep");
    assertThat(flow.results.isEmpty()).isTrue();
    assertThat(flow.states.get("drop").getStatus()).isEqualTo(ResultStatus.CANCELLED);
  }

  @Test
  void tenCaptionlessRequestsOverTwoImagesComputeTwoCaptionsAndRecordTheirSource() {
    for (int i = 0; i < 10; i++) {
      flow.accepted.pipeInput("c-" + i, request("c-" + i, image(i % 2), null).build());
    }
    List<KeyValue<String, CaptionJob>> captionJobs = flow.captionJobs.readKeyValuesToList();
    assertThat(captionJobs).hasSize(2);
    captionJobs.forEach(kv -> flow.captions.pipeInput(kv.key, caption(kv.key, CAPTION, 0.93)));

    List<KeyValue<String, InversionJob>> inversionJobs = flow.inversionJobs.readKeyValuesToList();
    assertThat(inversionJobs).hasSize(2);
    inversionJobs.forEach(kv -> flow.inversions.pipeInput(kv.key, ready(kv.value)));
    List<EditJob> jobs = flow.jobs.readValuesToList();
    assertThat(jobs).hasSize(10);
    assertThat(jobs)
        .allSatisfy(
            j -> {
              assertThat(j.getResolvedCaption()).isEqualTo(CAPTION);
              assertThat(j.getCaptionSource()).isEqualTo(CaptionSource.CAPTIONER);
              assertThat(j.getCaptionScore()).isEqualTo(0.93);
            });

    flow.accepted.pipeInput("c-later", request("c-later", image(0), null).build());
    assertThat(flow.captionJobs.isEmpty()).isTrue();
    EditJob later = flow.jobs.readValue();
    assertThat(later.getCaptionSource()).isEqualTo(CaptionSource.CACHED);
    assertThat(flow.counters.captions().snapshot().misses()).isEqualTo(2);
    assertThat(flow.counters.captions().snapshot().hits()).isEqualTo(1);
  }

  @Test
  void aFailedCaptionEndsTheRequestWithTheCaptionersReason() {
    flow.accepted.pipeInput("u-1", request("u-1", image(3), null).build());
    KeyValue<String, CaptionJob> issued = flow.captionJobs.readKeyValue();
    flow.captions.pipeInput(
        issued.key,
        CaptionRecord.newBuilder(caption(issued.key, "", null))
            .setStatus(CaptionStatus.FAILED)
            .setReasonCode("IMAGE_UNDECODABLE")
            .setMessage("the image cannot be decoded")
            .build());
    EditResult result = flow.results.readValue();
    assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(result.getReasonCode()).isEqualTo("IMAGE_UNDECODABLE");
  }

  private List<String> decisionsOf(String id) {
    return flow.audit.readValuesToList().stream()
        .filter(e -> e.getRequestId().equals(id))
        .map(AuditEvent::getDecision)
        .collect(Collectors.toList());
  }

  private static byte[] image(int i) {
    return Pictures.circle(COLOURS[i], 6);
  }

  private static EditRequest.Builder request(String id, byte[] image, String caption) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(image))
        .setSourceCaption(caption)
        .setEdit(
            new PromptEdit(
                PromptEditMode.REPLACE, "a large green circle on a blue background", List.of()))
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().build())
        .setMetadata(Map.of());
  }

  private static InversionRecord ready(InversionJob job) {
    String sha = job.getInversionKey();
    return InversionRecord.newBuilder()
        .setInversionKey(job.getInversionKey())
        .setStatus(InversionStatus.READY)
        .setImageSha256(job.getImageSha256())
        .setImageHash(job.getImageHash())
        .setCaption(job.getCaption())
        .setBundleName(job.getBundleName())
        .setBundleVersion(job.getBundleVersion())
        .setBundleSha256(job.getBundleSha256())
        .setMethod(job.getMethod())
        .setSteps(job.getSteps())
        .setGuidanceScale(job.getGuidanceScale())
        .setInversion(
            BlobRef.newBuilder()
                .setUri(
                    "file:sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha)
                .setSha256(sha)
                .setSize(111_000)
                .setMediaType("application/x-editstream-inversion")
                .build())
        .setDurationMs(7_000)
        .setComputedAt(START)
        .build();
  }

  private static CaptionRecord caption(String hash, String text, Double score) {
    return CaptionRecord.newBuilder()
        .setImageSha256(hash)
        .setCaption(text)
        .setSource(CaptionSource.CAPTIONER)
        .setStatus(CaptionStatus.READY)
        .setScore(score)
        .setCreatedAt(START)
        .build();
  }
}

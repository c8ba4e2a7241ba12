package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.processors.flow.FlowCounters;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.audit.AuditTrail;
import dev.editstream.producers.audit.Lineage;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.workers.runtime.ResolutionWorker;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Never compute twice, on a real broker with the committed bundle and the stack's own workers: 50
 * requests over 5 images, all submitted before the first inversion finishes, cause exactly 5
 * inversions; 10 caption-less requests over 2 more images compute 2 captions; every request ends
 * once, and {@code explain}'s lineage, read from {@code edit-audit} alone, matches each result.
 */
class ResolutionIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(ResolutionIntegrationTest.class);

  /** Few DDIM steps, the bundle's null-text iterations: an inversion still takes seconds. */
  static final SamplerParams SAMPLER = SamplerParams.newBuilder().setDenoisingSteps(8).build();

  static final List<Scene> SCENES =
      List.of(
          scene(Colour.BLUE, Shape.CIRCLE, Colour.RED),
          scene(Colour.GREEN, Shape.TRIANGLE, Colour.YELLOW),
          scene(Colour.WHITE, Shape.DIAMOND, Colour.PURPLE),
          scene(Colour.BLACK, Shape.SQUARE, Colour.GREEN),
          scene(Colour.GRAY, Shape.CIRCLE, Colour.PINK),
          scene(Colour.WHITE, Shape.SQUARE, Colour.RED),
          scene(Colour.BLACK, Shape.TRIANGLE, Colour.BLUE));

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static ClientSettings client;

  @BeforeAll
  static void start() {
    stack = SingleMachineStack.start(TestStacks.withWorker(dataDir));
    StackEndpoints endpoints = stack.endpoints();
    client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobRoot());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void fiftyRequestsOverFiveImagesInvertFiveTimesAndCaptionlessOnesShareTwoCaptions()
      throws Exception {
    List<EditRequest> captioned = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      captioned.add(request("cached-" + i, SCENES.get(i % 5), true, i));
    }
    List<EditRequest> captionless = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      captionless.add(request("uncaptioned-" + i, SCENES.get(5 + i % 2), false, i));
    }
    List<String> ids = new ArrayList<>();
    captioned.forEach(r -> ids.add(r.getRequestId()));
    captionless.forEach(r -> ids.add(r.getRequestId()));

    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                client.bootstrapServers(),
                client.registryConfig(),
                List.of(
                    Topics.EDIT_RESULTS,
                    Topics.JOBS_INVERT,
                    Topics.JOBS_CAPTION,
                    Topics.INVERSIONS,
                    Topics.JOBS_EDIT))) {
      captioned.forEach(edits::submit);
      Instant submitted = Instant.now();
      captionless.forEach(edits::submit);
      LOG.info("60 requests submitted");

      await("60 results")
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).size() == ids.size());
      records.drainCommitted();

      List<InversionRecord> inversions =
          records.all(Topics.INVERSIONS).stream().map(PipelineRecords.Keyed::value).toList();
      assertThat(inversions)
          .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(InversionStatus.READY));
      Instant firstInverted =
          inversions.stream()
              .map(InversionRecord::getComputedAt)
              .min(Instant::compareTo)
              .orElseThrow();
      assertThat(submitted)
          .as("the 50 were all submitted before the first inversion finished")
          .isBefore(firstInverted);

      List<PipelineRecords.Keyed<InversionJob>> invertJobs = records.all(Topics.JOBS_INVERT);
      assertThat(invertJobs).hasSize(7);
      assertThat(invertJobs.stream().map(PipelineRecords.Keyed::key).distinct()).hasSize(7);
      List<PipelineRecords.Keyed<CaptionJob>> captionJobs = records.all(Topics.JOBS_CAPTION);
      assertThat(captionJobs).hasSize(2);

      ResolutionWorker.Counts worked = stack.worker().orElseThrow().resolutionCounts();
      assertThat(worked.inversionsComputed()).isEqualTo(7);
      assertThat(worked.captionsComputed()).isEqualTo(2);
      FlowCounters flow = stack.flowCounters();
      assertThat(flow.inversions().snapshot().misses()).isEqualTo(7);
      assertThat(flow.captions().snapshot().misses()).isEqualTo(2);

      Map<String, List<EditResult>> results = records.byKey(Topics.EDIT_RESULTS);
      assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(results.values()).allSatisfy(r -> assertThat(r).hasSize(1));
      for (EditRequest r : captioned) {
        EditResult result = results.get(r.getRequestId()).get(0);
        assertThat(result.getStatus()).as(r.getRequestId()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getCaptionSource()).isEqualTo(CaptionSource.CLIENT);
      }
      for (EditRequest r : captionless) {
        EditResult result = results.get(r.getRequestId()).get(0);
        assertThat(result.getCaptionSource())
            .as(r.getRequestId())
            .isIn(CaptionSource.CAPTIONER, CaptionSource.CACHED);
        assertThat(result.getCaptionScore()).isNotNull();
      }

      explainEach(ids, results);
    }
  }

  /** Every result's lineage, from edit-audit alone, says what its result says. */
  private static void explainEach(List<String> ids, Map<String, List<EditResult>> results) {
    Map<String, Integer> computedPerKey = new HashMap<>();
    for (String id : ids) {
      EditResult result = results.get(id).get(0);
      Lineage lineage = Lineage.of(id, AuditTrail.of(client, id, Duration.ofSeconds(30)));
      assertThat(lineage.end()).as(id).isPresent();
      assertThat(lineage.end().get().status()).as(id).isEqualTo(result.getStatus());
      assertThat(lineage.end().get().reasonCode()).as(id).isEqualTo(result.getReasonCode());
      if (result.getResultImage() != null) {
        assertThat(lineage.resultSha256()).as(id).hasValue(result.getResultImage().getSha256());
      }
      assertThat(lineage.captionSource()).as(id).hasValue(result.getCaptionSource().name());
      assertThat(lineage.dispatched()).as(id).containsEntry("seed", result.getSeed().toString());
      assertThat(lineage.dispatched())
          .as(id)
          .containsEntry("bundleSha256", result.getBundleSha256());
      assertThat(lineage.worker()).as(id).containsKey("build");
      Lineage.Resolution inversion = lineage.inversion().orElseThrow();
      assertThat(inversion.answer().orElse("HIT")).as(id).isIn("HIT", "RELEASED");
      if (inversion.computedForThisRequest()) {
        computedPerKey.merge(inversion.key(), 1, Integer::sum);
      }
      assertThat(lineage.caption().isPresent()).as(id).isEqualTo(id.startsWith("uncaptioned-"));
    }
    assertThat(computedPerKey).hasSize(7);
    assertThat(computedPerKey.values()).containsOnly(1);
    List<String> lines =
        Lineage.of(ids.get(0), AuditTrail.of(client, ids.get(0), Duration.ofSeconds(30))).lines();
    LOG.info("explain {}:\n{}", ids.get(0), String.join("\n", lines));
  }

  static EditRequest request(String id, Scene scene, boolean withCaption, int n) {
    List<Colour> objects =
        List.of(Colour.RED, Colour.GREEN, Colour.BLUE, Colour.YELLOW, Colour.PURPLE, Colour.PINK);
    String colour = scene.objects().get(0).colour().name().toLowerCase(java.util.Locale.ROOT);
    String target = objects.get(n % objects.size()).name().toLowerCase(java.util.Locale.ROOT);
    if (target.equals(colour)) {
      target = objects.get((n + 1) % objects.size()).name().toLowerCase(java.util.Locale.ROOT);
    }
    String[] words = scene.caption().split(" ");
    words[2] = target;
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(SampleImages.scene(scene, 32, 32)))
        .setSourceCaption(withCaption ? scene.caption() : null)
        .setEdit(new PromptEdit(PromptEditMode.REPLACE, String.join(" ", words), List.of()))
        .setBundleName("shapes32")
        .setSampler(SAMPLER)
        .setMetadata(Map.of("source", "resolution integration test"))
        .build();
  }

  private static Scene scene(Colour background, Shape shape, Colour colour) {
    return new Scene(background, List.of(new SceneObject(shape, colour, Size.LARGE, 16, 16)));
  }
}

package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.processors.resolution.TableView;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The flow topology in a {@code TopologyTestDriver} whose wall clock starts at {@link #START}, with
 * its inputs (the resolution tables included), outputs (the resolution jobs included), state store
 * and counters, and records to feed it.
 */
final class FlowDriver implements AutoCloseable {

  static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration RETENTION = Duration.ofDays(7);
  static final String RESULT_SHA256 = "c".repeat(64);

  private final String scope;
  final Map<String, String> registry;
  final TopologyTestDriver driver;
  final TestInputTopic<String, EditRequest> accepted;
  final TestInputTopic<String, WorkerOutcome> outcomes;
  final TestInputTopic<String, CancelRequest> cancellations;
  final TestInputTopic<String, EditProgress> progress;
  final TestInputTopic<String, CaptionRecord> captions;
  final TestInputTopic<String, InversionRecord> inversions;
  final TestOutputTopic<String, CaptionJob> captionJobs;
  final TestOutputTopic<String, InversionJob> inversionJobs;
  final TestOutputTopic<String, EditJob> jobs;
  final TestOutputTopic<String, EditResult> results;
  final TestOutputTopic<String, AuditEvent> audit;
  final KeyValueStore<String, RequestState> states;
  final FlowCounters counters = new FlowCounters();

  /** What dispatch's table view holds, by "stage:key"; a test may fill it. */
  final Map<String, SpecificRecord> viewed = new HashMap<>();

  private final TableView view =
      new TableView() {
        @Override
        public <R extends SpecificRecord> Optional<R> usable(ResolutionStage<R> stage, String key) {
          return Optional.ofNullable(viewed.get(stage.pending(key))).map(stage.recordType()::cast);
        }
      };

  /** What the topology's job factory does; a test may replace it. */
  JobFactory factory = new PlainJobFactory();

  FlowDriver(String scope, Path stateDir) {
    this.scope = scope;
    this.registry = Map.of("schema.registry.url", "mock://" + scope);
    FlowSettings settings =
        new FlowSettings(
            "unused:9092",
            registry,
            "flow-test",
            stateDir,
            1,
            Duration.ofSeconds(1),
            RETENTION,
            FlowSettings.DEFAULT_COMMIT_INTERVAL);
    driver =
        new TopologyTestDriver(
            FlowTopology.build(
                registry,
                (request, resolved, now) -> factory.next(request, resolved, now),
                view,
                settings.deadlineCheckInterval(),
                settings.retention(),
                counters),
            FlowService.streamsConfig(settings),
            START);
    accepted = input(Topics.EDIT_REQUESTS_ACCEPTED);
    outcomes = input(Topics.WORKER_OUTCOMES);
    cancellations = input(Topics.EDIT_CANCELLATIONS);
    progress = input(Topics.EDIT_PROGRESS);
    captions = input(Topics.CAPTIONS);
    inversions = input(Topics.INVERSIONS);
    captionJobs = output(Topics.JOBS_CAPTION);
    inversionJobs = output(Topics.JOBS_INVERT);
    jobs = output(Topics.JOBS_EDIT);
    results = output(Topics.EDIT_RESULTS);
    audit = output(Topics.EDIT_AUDIT);
    states = driver.getKeyValueStore(RequestStates.STORE);
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), new StringSerializer(), topic.valueSerde(registry).serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), new StringDeserializer(), topic.valueSerde(registry).deserializer());
  }

  /** Moves the wall clock, running the punctuations that fall due. */
  void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** The decisions of the audit events written since the last read, in order. */
  List<String> decisions() {
    return audit.readValuesToList().stream().map(AuditEvent::getDecision).toList();
  }

  /** A REPLACE request with a seed, a caption, metadata and no deadline. */
  static EditRequest.Builder request(String id) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}))
        .setSourceCaption("a red circle on a blue background")
        .setEdit(
            PromptEdit.newBuilder()
                .setMode(PromptEditMode.REPLACE)
                .setTargetPrompt("a green circle on a blue background")
                .build())
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().setSeed(42L).build())
        .setPriority(3)
        .setMetadata(Map.of("customer", "c-7"));
  }

  /** A worker's SUCCEEDED outcome with a result image. */
  static WorkerOutcome.Builder succeeded(String id) {
    return WorkerOutcome.newBuilder()
        .setRequestId(id)
        .setStatus(ResultStatus.SUCCEEDED)
        .setReasonCode("OK")
        .setMessage("edited")
        .setResultImage(
            BlobRef.newBuilder()
                .setUri("file:sha256/cc/cc/" + RESULT_SHA256)
                .setSha256(RESULT_SHA256)
                .setSize(1234)
                .setMediaType("image/png")
                .build())
        .setResolvedCaption("a red circle on a blue background")
        .setSeed(42L)
        .setBundleId("shapes32:2")
        .setBundleSha256(PlainJobFactory.BUNDLE_SHA256)
        .setTimingsMs(Map.of("edit", 900L))
        .setQuality(QualityMetrics.newBuilder().setPsnrOutsideMask(38.5).build())
        .setWorker("worker-1")
        .setFinishedAt(START.plusSeconds(5));
  }

  /** A client's cancellation. */
  static CancelRequest cancel(String id) {
    return CancelRequest.newBuilder()
        .setRequestId(id)
        .setReason("changed my mind")
        .setRequestedAt(START)
        .build();
  }

  @Override
  public void close() {
    driver.close();
    MockSchemaRegistry.dropScope(scope);
  }
}

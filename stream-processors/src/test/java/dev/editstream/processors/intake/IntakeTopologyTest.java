package dev.editstream.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.EditRules;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.BlobRefPolicy;
import dev.editstream.schemas.blob.FileBlobStore;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeTopologyTest {

  private static final String SCOPE = "intake-topology-test";
  private static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://" + SCOPE);
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path tmp;
  private TopologyTestDriver driver;
  private TestInputTopic<String, EditRequest> requests;
  private TestInputTopic<byte[], byte[]> rawRequests;
  private TestOutputTopic<String, EditRequest> accepted;
  private TestOutputTopic<String, EditResult> results;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private TestOutputTopic<String, AuditEvent> audit;

  @BeforeEach
  void setUp() {
    FileBlobStore store = new FileBlobStore(tmp.resolve("blobs"));
    RequestValidator validator =
        new RequestValidator(
            IntakeLimits.defaults(List.of("shapes32")),
            java.util.Map.of("shapes32", new EditRules(RequestValidatorTest.SHAPES)),
            BlobRefPolicy.allowing(store),
            store,
            Clock.systemUTC());
    Properties config =
        IntakeService.streamsConfig(
            new IntakeSettings(
                "unused:9092",
                REGISTRY,
                "intake-test",
                tmp.resolve("state"),
                1,
                Duration.ofDays(7),
                Duration.ofMillis(10)));
    driver =
        new TopologyTestDriver(
            IntakeTopology.build(REGISTRY, validator, Duration.ofDays(7), Clock.systemUTC()),
            config,
            START);
    Serde<EditRequest> requestSerde = Topics.EDIT_REQUESTS.valueSerde(REGISTRY);
    requests =
        driver.createInputTopic(
            Topics.EDIT_REQUESTS.name(),
            new StringSerializer(),
            requestSerde.serializer(),
            START,
            Duration.ofSeconds(1));
    rawRequests =
        driver.createInputTopic(
            Topics.EDIT_REQUESTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    accepted =
        driver.createOutputTopic(
            Topics.EDIT_REQUESTS_ACCEPTED.name(),
            new StringDeserializer(),
            Topics.EDIT_REQUESTS_ACCEPTED.valueSerde(REGISTRY).deserializer());
    results =
        driver.createOutputTopic(
            Topics.EDIT_RESULTS.name(),
            new StringDeserializer(),
            Topics.EDIT_RESULTS.valueSerde(REGISTRY).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.EDIT_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    audit =
        driver.createOutputTopic(
            Topics.EDIT_AUDIT.name(),
            new StringDeserializer(),
            Topics.EDIT_AUDIT.valueSerde(REGISTRY).deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void forwardsAValidRequestAndAuditsTheAcceptance() {
    EditRequest request = RequestValidatorTest.valid().setRequestId("ok-1").build();
    requests.pipeInput("ok-1", request);

    assertThat(accepted.readKeyValuesToList())
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key).isEqualTo("ok-1");
              assertThat(kv.value).isEqualTo(request);
            });
    assertThat(results.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    AuditEvent event = audit.readValue();
    assertThat(event.getStage()).isEqualTo(Stage.INTAKE);
    assertThat(event.getDecision()).isEqualTo("ACCEPTED");
    assertThat(event.getDetails()).containsEntry("bundleName", "shapes32");
    assertThat(audit.isEmpty()).isTrue();
  }

  @Test
  void rejectsAnInvalidRequestOnceWithACopyOnTheDeadLetterTopic() {
    EditRequest request =
        RequestValidatorTest.valid()
            .setRequestId("bad-1")
            .setBundleName("nope")
            .setMetadata(Map.of("customer", "c-7"))
            .build();
    requests.pipeInput("bad-1", request);

    EditResult result = results.readValue();
    assertThat(result.getRequestId()).isEqualTo("bad-1");
    assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(result.getReasonCode()).isEqualTo("UNKNOWN_BUNDLE");
    assertThat(result.getMessage()).contains("'nope'");
    assertThat(result.getMetadata()).containsEntry("customer", "c-7");
    assertThat(result.getResultImage()).isNull();
    assertThat(results.isEmpty()).isTrue();
    assertThat(accepted.isEmpty()).isTrue();

    TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("bad-1");
    assertThat(header(letter.headers(), DeadLetterHeaders.REASON_CODE)).isEqualTo("UNKNOWN_BUNDLE");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("edit-requests");
    EditRequest copy =
        Topics.EDIT_REQUESTS
            .valueSerde(REGISTRY)
            .deserializer()
            .deserialize(Topics.EDIT_REQUESTS.name(), letter.value());
    assertThat(copy).isEqualTo(request);

    AuditEvent event = audit.readValue();
    assertThat(event.getDecision()).isEqualTo("REJECTED");
    assertThat(event.getDetails()).containsEntry("reasonCode", "UNKNOWN_BUNDLE");
  }

  @Test
  void processesARequestIdOnlyOnce() {
    EditRequest request = RequestValidatorTest.valid().setRequestId("dup-1").build();
    requests.pipeInput("dup-1", request);
    requests.pipeInput("dup-1", request);
    EditRequest invalid =
        RequestValidatorTest.valid().setRequestId("dup-2").setBundleName("x").build();
    requests.pipeInput("dup-2", invalid);
    requests.pipeInput("dup-2", invalid);

    assertThat(accepted.readKeyValuesToList()).hasSize(1);
    assertThat(results.readKeyValuesToList()).hasSize(1);
    assertThat(deadLetters.readRecordsToList()).hasSize(1);
    assertThat(audit.readKeyValuesToList()).hasSize(2);
  }

  @Test
  void forgetsARequestIdAfterTheRetention() {
    EditRequest request = RequestValidatorTest.valid().setRequestId("old-1").build();
    requests.pipeInput("old-1", request, START);
    // Stream time moves past the retention (plus a segment) with other requests.
    requests.pipeInput(
        "later",
        RequestValidatorTest.valid().setRequestId("later").build(),
        START.plus(Duration.ofDays(20)));
    requests.pipeInput("old-1", request, START.plus(Duration.ofDays(20)));

    assertThat(accepted.readKeyValuesToList().stream().map(kv -> kv.key))
        .containsExactly("old-1", "later", "old-1");
  }

  @Test
  void purgesRequestIdsOlderThanTheRetentionOnTheWallClock() {
    requests.pipeInput("p-1", RequestValidatorTest.valid().setRequestId("p-1").build(), START);
    KeyValueStore<String, Long> ids = driver.getKeyValueStore(IntakeTopology.DEDUP_STORE);
    assertThat(ids.get("p-1")).isEqualTo(START.toEpochMilli());

    driver.advanceWallClockTime(Duration.ofDays(6));
    assertThat(ids.get("p-1")).isNotNull();
    driver.advanceWallClockTime(Duration.ofDays(1).plusHours(1));
    assertThat(ids.get("p-1")).isNull();
  }

  @Test
  void purgesAtATenthOfTheRetentionButAtLeastHourly() {
    assertThat(IntakeProcessor.purgeInterval(Duration.ofDays(7))).isEqualTo(Duration.ofHours(1));
    assertThat(IntakeProcessor.purgeInterval(Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void skipsAnUndeserialisableRecordAndKeepsGoing() {
    // TopologyTestDriver drops the handler's dead letters; the real broker test checks the write.
    byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
    rawRequests.pipeInput("junk-1".getBytes(StandardCharsets.UTF_8), garbage);
    requests.pipeInput("after-1", RequestValidatorTest.valid().setRequestId("after-1").build());

    assertThat(accepted.readKeyValuesToList().stream().map(kv -> kv.key))
        .containsExactly("after-1");
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void keysDeadLettersByTheRequestIdAndCopiesHeaders() {
    EditRequest request =
        RequestValidatorTest.valid().setRequestId("h-1").setBundleName("x").build();
    requests.pipeInput(
        new TestRecord<>(
            "h-1",
            request,
            new org.apache.kafka.common.header.internals.RecordHeaders()
                .add("trace", "t-42".getBytes(StandardCharsets.UTF_8))));
    Headers headers = deadLetters.readRecord().headers();
    assertThat(header(headers, "trace")).isEqualTo("t-42");
    assertThat(Set.of(header(headers, DeadLetterHeaders.STAGE))).containsExactly("INTAKE");
  }

  private static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

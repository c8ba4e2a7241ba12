package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.processors.intake.DeadLetterHeaders;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.cli.SubmitCommand;
import dev.editstream.producers.cli.WatchCommand;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.FileBlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Intake end to end on a real KRaft broker, the real schema registry and serdes: 100 requests (20
 * invalid in 20 ways), duplicates, and records that are not Avro at all.
 */
class IntakeIntegrationTest {

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static StackEndpoints endpoints;

  @BeforeAll
  static void startStack() {
    stack = SingleMachineStack.start(TestStacks.withoutWorker(dataDir));
    endpoints = stack.endpoints();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void rejectsEachInvalidRequestOnceForwardsEachValidOneOnceAndSurvivesPoison() throws Exception {
    IntakeRequests requests = new IntakeRequests(new FileBlobStore(endpoints.blobRoot()));
    List<EditRequest> valid = requests.valid("it-ok", 80);
    List<IntakeRequests.Invalid> invalid = requests.invalid("it-bad");
    assertThat(invalid).hasSize(20);
    assertThat(invalid.stream().map(IntakeRequests.Invalid::reason).distinct())
        .hasSizeGreaterThan(10);

    ClientSettings client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobRoot());
    List<String> poisonKeys = List.of("poison-not-avro", "poison-unknown-schema-id");
    List<EditRequest> markers = markersOnEveryPartition();
    try (EditClient editClient = EditClient.connect(client);
        KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      // Poison first, so every later request of the same partitions is processed after it.
      raw.send(record(poisonKeys.get(0), "this is not Avro".getBytes(StandardCharsets.UTF_8)));
      raw.send(record(poisonKeys.get(1), new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3}));
      raw.flush();
      // Every fifth request is invalid.
      for (int i = 0; i < 100; i++) {
        editClient.submit(i % 5 == 4 ? invalid.get(i / 5).request() : valid.get(i - i / 5));
      }
      // Resubmissions of a valid and an invalid id must produce nothing.
      editClient.submit(valid.get(0));
      editClient.submit(invalid.get(0).request());
      markers.forEach(editClient::submit);
    }

    Set<String> validIds = ids(valid);
    markers.forEach(m -> validIds.add(m.getRequestId()));
    Map<String, String> expectedReasons =
        invalid.stream()
            .collect(
                Collectors.toMap(i -> i.request().getRequestId(), IntakeRequests.Invalid::reason));

    try (OutputCollector out =
        new OutputCollector(
            endpoints.bootstrapServers(),
            Set.of(
                Topics.EDIT_REQUESTS_ACCEPTED.name(),
                Topics.EDIT_RESULTS.name(),
                Topics.EDIT_DLQ.name(),
                Topics.EDIT_AUDIT.name()))) {
      // Every partition's marker is last in its partition: once all are accepted, intake has
      // processed (and committed) everything before them.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                out.poll();
                return keys(out.records(Topics.EDIT_REQUESTS_ACCEPTED.name()))
                    .containsAll(ids(markers));
              });
      out.drainCommitted();

      List<String> accepted = keys(out.records(Topics.EDIT_REQUESTS_ACCEPTED.name()));
      assertThat(accepted).doesNotHaveDuplicates();
      assertThat(new HashSet<>(accepted)).isEqualTo(validIds);

      Function<byte[], EditResult> results =
          bytes ->
              Topics.EDIT_RESULTS
                  .valueSerde(client.registryConfig())
                  .deserializer()
                  .deserialize(Topics.EDIT_RESULTS.name(), bytes);
      Map<String, List<EditResult>> resultsById = new HashMap<>();
      out.records(Topics.EDIT_RESULTS.name())
          .forEach(
              r ->
                  resultsById
                      .computeIfAbsent(key(r), k -> new ArrayList<>())
                      .add(results.apply(r.value())));
      assertThat(resultsById.keySet()).isEqualTo(expectedReasons.keySet());
      for (IntakeRequests.Invalid bad : invalid) {
        List<EditResult> got = resultsById.get(bad.request().getRequestId());
        assertThat(got).as(bad.way()).hasSize(1);
        assertThat(got.get(0).getStatus()).as(bad.way()).isEqualTo(ResultStatus.REJECTED);
        assertThat(got.get(0).getReasonCode()).as(bad.way()).isEqualTo(bad.reason());
      }

      List<ConsumerRecord<byte[], byte[]>> letters = out.records(Topics.EDIT_DLQ.name());
      Map<String, String> letterReasons = new HashMap<>();
      letters.forEach(
          r ->
              letterReasons.merge(
                  key(r), header(r, DeadLetterHeaders.REASON_CODE), (a, b) -> a + "," + b));
      Map<String, String> expectedLetters = new HashMap<>(expectedReasons);
      poisonKeys.forEach(k -> expectedLetters.put(k, DeadLetterHeaders.UNDESERIALIZABLE));
      assertThat(letterReasons).isEqualTo(expectedLetters);
      assertThat(letters).hasSize(22);

      Function<byte[], AuditEvent> audit =
          bytes ->
              Topics.EDIT_AUDIT
                  .valueSerde(client.registryConfig())
                  .deserializer()
                  .deserialize(Topics.EDIT_AUDIT.name(), bytes);
      // Dispatch audits the accepted requests too; intake's own decisions are one per id.
      List<AuditEvent> intakeDecisions =
          out.records(Topics.EDIT_AUDIT.name()).stream()
              .map(r -> audit.apply(r.value()))
              .filter(e -> e.getStage() == Stage.INTAKE)
              .toList();
      assertThat(intakeDecisions.stream().map(AuditEvent::getRequestId).toList())
          .doesNotHaveDuplicates()
          .hasSize(validIds.size() + invalid.size());
      assertThat(intakeDecisions.stream().map(AuditEvent::getDecision).filter("REJECTED"::equals))
          .hasSize(20);
    }
    assertThat(stack.unhealthyParts()).isEmpty();
  }

  @Test
  void submitAndWatchCommandsShowARejectionAsItArrives() throws Exception {
    Path image = dataDir.resolve("circle.png");
    java.nio.file.Files.write(
        image, SampleImages.png("circle", java.awt.Color.RED, java.awt.Color.BLUE));
    String[] connection = {
      "--bootstrap-servers", endpoints.bootstrapServers(),
      "--registry-url", endpoints.registryUrl(),
      "--blob-root", endpoints.blobRoot().toString()
    };
    StringWriter watchOut = new StringWriter();
    StringWriter watchErr = new StringWriter();
    CommandLine watch = new CommandLine(new WatchCommand());
    watch.setOut(new PrintWriter(watchOut, true));
    watch.setErr(new PrintWriter(watchErr, true));
    CompletableFuture<Integer> watching =
        CompletableFuture.supplyAsync(
            () -> watch.execute(concat(connection, "--count", "1", "--timeout", "60")));
    await().atMost(Duration.ofSeconds(30)).until(() -> watchErr.toString().contains("watching"));

    StringWriter submitOut = new StringWriter();
    CommandLine submit = new CommandLine(new SubmitCommand());
    submit.setOut(new PrintWriter(submitOut, true));
    int submitted =
        submit.execute(
            concat(
                connection,
                "--image",
                image.toString(),
                "--caption",
                "a red circle",
                "--prompt",
                "a green circle",
                "--bundle",
                "no-such-bundle"));
    assertThat(submitted).isZero();
    String id = submitOut.toString().strip();
    assertThat(id).matches("[0-9a-f-]{36}");

    assertThat(watching.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(watchOut.toString().strip())
        .startsWith("RESULT")
        .contains(id)
        .contains("REJECTED")
        .contains("UNKNOWN_BUNDLE")
        .contains("'no-such-bundle' is not one of [shapes32]");
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  /** One valid request per partition of edit-requests, found by the default partitioner's hash. */
  private static List<EditRequest> markersOnEveryPartition() {
    int partitions = Topics.EDIT_REQUESTS.partitions();
    List<EditRequest> markers = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      for (int n = 0; ; n++) {
        String id = "it-marker-" + p + "-" + n;
        if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions
            == p) {
          markers.add(IntakeRequests.base(id).build());
          break;
        }
      }
    }
    return markers;
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            endpoints.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ProducerRecord<>(
        Topics.EDIT_REQUESTS.name(), key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static Set<String> ids(List<EditRequest> requests) {
    return requests.stream()
        .map(EditRequest::getRequestId)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(IntakeIntegrationTest::key).toList();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}

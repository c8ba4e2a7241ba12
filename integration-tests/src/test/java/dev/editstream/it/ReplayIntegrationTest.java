package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.cli.ReplayCommand;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code editstream replay --verify} on a real stack with the committed bundle: recorded edits of
 * several kinds and a rejected request replay to the same outcomes (same sha256, same reason),
 * while a request whose recorded result carries a hash the pipeline never produced is reported as a
 * mismatch and fails the run.
 */
class ReplayIntegrationTest {

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static ClientSettings client;
  private static StackEndpoints endpoints;
  private static Instant from;
  private static Instant beforeTampered;
  private static final List<String> genuine = new ArrayList<>();
  private static final String TAMPERED = "tampered-01";

  @BeforeAll
  static void recordSomeRequests() throws Exception {
    stack = SingleMachineStack.start(TestStacks.withWorker(dataDir));
    endpoints = stack.endpoints();
    client =
        new ClientSettings(
            endpoints.bootstrapServers(), endpoints.registryUrl(), endpoints.blobs());
    WorkerRequests requests = new WorkerRequests("rp");
    List<EditRequest> recorded =
        new ArrayList<>(requests.more(WorkerRequests.small()).subList(0, 4));
    recorded.add(requests.invalid().get(requests.invalid().size() - 2).request());
    // the seed derived from the id: the replay must pin it, or its bytes would differ
    assertThat(recorded).allSatisfy(r -> assertThat(r.getSampler().getSeed()).isNull());
    recorded.forEach(r -> genuine.add(r.getRequestId()));
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                client.bootstrapServers(), client.registryConfig(), List.of(Topics.EDIT_RESULTS))) {
      from = Instant.now();
      recorded.forEach(edits::submit);
      await("recorded results")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).keySet().containsAll(genuine));
      beforeTampered = Instant.now();
      // A record of a result the pipeline never made: its first result on edit-results is forged
      forgeResult(TAMPERED);
      edits.submit(EditRequest.newBuilder(recorded.get(3)).setRequestId(TAMPERED).build());
      await("the tampered request's own result")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).containsKey(TAMPERED));
    }
  }

  private static void forgeResult(String id) throws Exception {
    EditResult forged =
        EditResult.newBuilder()
            .setRequestId(id)
            .setStatus(ResultStatus.SUCCEEDED)
            .setReasonCode("OK")
            .setMessage("forged by the test")
            .setResultImage(
                new BlobRef("file:sha256/00/00/" + "0".repeat(64), "0".repeat(64), 1L, "image/png"))
            .setCompletedAt(Instant.now())
            .build();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, client.bootstrapServers()),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      byte[] value =
          Topics.EDIT_RESULTS
              .valueSerde(client.registryConfig())
              .serializer()
              .serialize(Topics.EDIT_RESULTS.name(), forged);
      producer.send(new ProducerRecord<>(Topics.EDIT_RESULTS.name(), id, value)).get();
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private record Run(int exit, String out) {}

  private static Run replay(String... range) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                endpoints.bootstrapServers(),
                "--registry-url",
                endpoints.registryUrl(),
                "--blob-root",
                endpoints.blobRoot().toString(),
                "--verify",
                "--idle-timeout",
                "PT5M"));
    args.addAll(List.of(range));
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new ReplayCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    int exit = command.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString());
  }

  @Test
  void recordedRequestsReplayToTheSameHashesAndAForgedRecordFailsTheRun() {
    Run all = replay("--from", from.toString());

    assertThat(all.exit()).as(all.out()).isEqualTo(1);
    for (String id : genuine) {
      assertThat(all.out()).containsPattern("(?m)^MATCH +" + id + " -> replay-");
    }
    assertThat(all.out())
        .containsPattern("(?m)^MATCH +rp-bad-\\d+ -> replay-\\S+ +REJECTED ")
        .containsPattern(
            "(?m)^MISMATCH +"
                + TAMPERED
                + " -> replay-\\S+ +recorded SUCCEEDED sha256 0000000000000000, replayed"
                + " SUCCEEDED sha256 [0-9a-f]{16}")
        .contains("replay: 6 recorded requests: 5 match, 1 mismatch");

    // the same range without the forged record: every replay matches, earlier replays left out
    Run genuineOnly = replay("--from", from.toString(), "--to", beforeTampered.toString());
    assertThat(genuineOnly.exit()).as(genuineOnly.out()).isZero();
    assertThat(genuineOnly.out())
        .contains("replay: 5 recorded requests: 5 match, 0 mismatch")
        .doesNotContain(TAMPERED);

    Run replaysOnly = replay("--from", beforeTampered.toString());
    assertThat(replaysOnly.out())
        .as("the first run's replays are not replayed again")
        .contains("(11 earlier replays left out)");
  }

  @Test
  void aRangeThatIsNeitherTimeNorOffsetIsRefusedWithWhatIsExpected() {
    Run bad = replay("--from", "yesterday");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).contains("neither an offset").contains("ISO-8601");
  }
}

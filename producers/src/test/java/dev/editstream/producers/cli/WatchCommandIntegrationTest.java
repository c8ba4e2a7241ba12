package dev.editstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.FileBlobStore;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code watch} against a real broker and registry, with records written as a worker would. */
class WatchCommandIntegrationTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  @TempDir static Path blobRoot;

  @BeforeAll
  static void createTopics() {
    KAFKA.cluster().createTopics(Topics.all());
  }

  /** A watch running in the background, and what it printed. */
  private record Watching(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
    List<String> lines() {
      return out.toString().lines().toList();
    }
  }

  private static Watching watch(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine watch = new CommandLine(new WatchCommand());
    watch.setOut(new PrintWriter(out, true));
    watch.setErr(new PrintWriter(err, true));
    String[] connection = {
      "--bootstrap-servers", KAFKA.bootstrapServers(),
      "--registry-url", KAFKA.registryUrl(),
      "--blob-root", blobRoot.toString()
    };
    String[] all = java.util.Arrays.copyOf(connection, connection.length + args.length);
    System.arraycopy(args, 0, all, connection.length, args.length);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> watch.execute(all));
    await().atMost(Duration.ofSeconds(30)).until(() -> err.toString().contains("watching"));
    return new Watching(exit, out, err);
  }

  private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            topic.keySerde(KAFKA.serdeConfig()).serializer(),
            topic.valueSerde(KAFKA.serdeConfig()).serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  private static EditProgress progress(String id, int step) {
    return new EditProgress(id, Stage.EDIT, step, 20, "denoising", null, Instant.now());
  }

  private static EditResult result(String id, ResultStatus status, BlobRef image) {
    return EditResult.newBuilder()
        .setRequestId(id)
        .setStatus(status)
        .setReasonCode(status == ResultStatus.SUCCEEDED ? "OK" : "CANCELLED")
        .setMessage(status == ResultStatus.SUCCEEDED ? "edited" : "cancelled by the client")
        .setResultImage(image)
        .setTimingsMs(Map.of())
        .setMetadata(Map.of())
        .setCompletedAt(Instant.now())
        .build();
  }

  @Test
  void showsEachProgressReportThenTheResultWithThePathOfItsImage() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 42};
    BlobRef image = new FileBlobStore(blobRoot).put(png, "image/png");
    Watching watching = watch("--id", "watch-1", "--count", "1", "--timeout", "60");
    assertThat(watching.err().toString()).contains("[edit-results, edit-progress]");

    send(Topics.EDIT_PROGRESS, "watch-1", progress("watch-1", 10));
    send(Topics.EDIT_PROGRESS, "watch-other", progress("watch-other", 12));
    send(Topics.EDIT_PROGRESS, "watch-1", progress("watch-1", 20));
    await().atMost(Duration.ofSeconds(30)).until(() -> watching.lines().size() == 2);
    send(Topics.EDIT_RESULTS, "watch-1", result("watch-1", ResultStatus.SUCCEEDED, image));

    assertThat(watching.exit().get(60, TimeUnit.SECONDS)).isZero();
    List<String> lines = watching.lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("PROGRESS watch-1 +EDIT +10/20 denoising");
    assertThat(lines.get(1)).matches("PROGRESS watch-1 +EDIT +20/20 denoising");
    Path blob = Path.of(URI.create(image.getUri()));
    assertThat(lines.get(2))
        .startsWith("RESULT   watch-1")
        .contains("SUCCEEDED")
        .endsWith(" image=" + blob);
    assertThat(blob).startsWith(blobRoot.toAbsolutePath());
    assertThat(Files.readAllBytes(blob)).isEqualTo(png);
  }

  @Test
  void withNoProgressShowsResultsOnly() throws Exception {
    Watching watching =
        watch("--id", "watch-2", "--count", "1", "--timeout", "60", "--no-progress");
    assertThat(watching.err().toString()).contains("watching [edit-results] ");

    send(Topics.EDIT_PROGRESS, "watch-2", progress("watch-2", 5));
    send(Topics.EDIT_RESULTS, "watch-2", result("watch-2", ResultStatus.CANCELLED, null));

    assertThat(watching.exit().get(60, TimeUnit.SECONDS)).isZero();
    assertThat(watching.lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("RESULT   watch-2")
                    .contains("CANCELLED")
                    .doesNotContain("image=")
                    .doesNotContain("result="));
  }
}

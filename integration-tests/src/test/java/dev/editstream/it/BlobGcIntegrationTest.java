package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.cli.BlobGcCommand;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.blob.BlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code editstream blobs gc} on the file store of a running stack (real broker, registry and
 * processors): a blob a live request refers to is kept however old, an unreferenced young blob is
 * kept, an unreferenced blob older than the grace (30 days, back-dated on disk) is deleted, and a
 * dry run deletes nothing.
 */
class BlobGcIntegrationTest {

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;

  @BeforeAll
  static void start() {
    stack = SingleMachineStack.start(TestStacks.withoutWorker(dataDir));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void keepsReferencedAndYoungBlobsDeletesOldUnreferencedOnesAndADryRunDeletesNothing()
      throws Exception {
    StackEndpoints endpoints = stack.endpoints();
    BlobStore blobs = endpoints.blobs();
    ClientSettings client =
        new ClientSettings(endpoints.bootstrapServers(), endpoints.registryUrl(), blobs);
    EditRequest inline =
        ResolutionIntegrationTest.request(
            "gc-live", ResolutionIntegrationTest.SCENES.get(0), true, 1);
    java.nio.ByteBuffer png = ((java.nio.ByteBuffer) inline.getImage()).duplicate();
    byte[] source = new byte[png.remaining()];
    png.get(source);
    BlobRef referenced = blobs.put(source, "image/png");
    BlobRef old = blobs.put(bytes("old and unreferenced"), "image/png");
    BlobRef young = blobs.put(bytes("young and unreferenced"), "image/png");
    Instant longAgo = Instant.now().minus(Duration.ofDays(31));
    backDate(referenced, longAgo);
    backDate(old, longAgo);

    // No worker runs here: the request waits for its caption's resolution, and lives meanwhile.
    EditRequest request = EditRequest.newBuilder(inline).setImage(referenced).build();
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                client.bootstrapServers(),
                client.registryConfig(),
                List.of(Topics.EDIT_REQUESTS_ACCEPTED))) {
      edits.submit(request);
      await("accepted")
          .atMost(Duration.ofMinutes(1))
          .until(() -> !records.poll().of(Topics.EDIT_REQUESTS_ACCEPTED, "gc-live").isEmpty());
    }

    String dry = gc("--dry-run");
    assertThat(dry).contains("WOULD DELETE " + old.getSha256());
    assertThat(dry).doesNotContain(referenced.getSha256()).doesNotContain(young.getSha256());
    assertThat(dry)
        .contains("Kept 1 referenced (" + referenced.getSize() + " bytes)")
        .contains("1 unreferenced younger than the grace (" + young.getSize() + " bytes)")
        .contains("would delete 1 (" + old.getSize() + " bytes)")
        .contains("grace 30d; dry run");
    assertThat(dry).containsPattern("edit-requests\\s+1 references");
    assertThat(blobs.exists(old)).isTrue();

    String real = gc();
    assertThat(real).contains("DELETED " + old.getSha256());
    assertThat(real).contains("deleted 1 (" + old.getSize() + " bytes)");
    assertThat(blobs.exists(old)).isFalse();
    assertThat(blobs.exists(referenced)).isTrue();
    assertThat(blobs.exists(young)).isTrue();

    assertThat(gc()).contains("deleted 0 (0 bytes)");
  }

  private String gc(String... args) {
    EditStreamConfig config =
        EditStreamConfig.load(
            null,
            Map.of(),
            Map.of(
                EditStreamConfig.BOOTSTRAP_SERVERS.name(), stack.endpoints().bootstrapServers(),
                EditStreamConfig.REGISTRY_URL.name(), stack.endpoints().registryUrl(),
                EditStreamConfig.BLOB_ROOT.name(), stack.endpoints().blobRoot().toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new BlobGcCommand(config))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private static void backDate(BlobRef ref, Instant when) throws Exception {
    Files.setLastModifiedTime(Path.of(URI.create(ref.getUri())), FileTime.from(when));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

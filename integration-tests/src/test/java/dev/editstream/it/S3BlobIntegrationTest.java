package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.editstream.deploy.gc.BlobCollector;
import dev.editstream.deploy.gc.BlobReferences;
import dev.editstream.deploy.gc.CollectionReport;
import dev.editstream.deploy.gc.GracePeriod;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.schemas.blob.StoredBlob;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 blob store end to end: a stack (broker, registry, processors, worker) whose blob store is
 * a bucket of a real S3 endpoint (s3proxy on 127.0.0.1). Sources are read from S3, results stored
 * in S3 and read back with their hash verified; a reference to a missing blob is REJECTED
 * BLOB_NOT_FOUND, one outside the configured store BLOB_REF_OUTSIDE_STORE, one whose object no
 * longer hashes to its reference FAILED BLOB_STORE_FAULT; and garbage collection on the live broker
 * keeps a referenced blob and a young one and deletes an old unreferenced one.
 */
class S3BlobIntegrationTest {

  private static final String BUCKET = "editstream-it";
  private static final String PREFIX = "it/blobs/";

  @TempDir static Path dataDir;
  private static S3Endpoint s3;
  private static S3Client admin;
  private static SingleMachineStack stack;
  private static BlobStore blobs;
  private static ClientSettings client;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Endpoint.start();
    admin = s3.client();
    admin.createBucket(r -> r.bucket(BUCKET));
    stack =
        SingleMachineStack.start(TestStacks.withWorker(dataDir, s3.configuration(BUCKET, PREFIX)));
    blobs = stack.endpoints().blobs();
    client =
        new ClientSettings(
            stack.endpoints().bootstrapServers(), stack.endpoints().registryUrl(), blobs);
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void anEditReadsItsSourceFromS3AndStoresItsResultThereAndMissingBlobsAreRejected()
      throws Exception {
    assertThat(blobs.root().toString()).isEqualTo("s3://" + BUCKET + "/" + PREFIX);
    EditRequest inline = ResolutionIntegrationTest.request("s3-edit", scene(), true, 1);
    byte[] source = inline.getImage() instanceof java.nio.ByteBuffer b ? bytes(b) : null;
    BlobRef sourceRef = blobs.put(source, "image/png");
    assertThat(sourceRef.getUri()).startsWith("s3://" + BUCKET + "/" + PREFIX + "sha256/");
    EditRequest edit = EditRequest.newBuilder(inline).setImage(sourceRef).build();
    BlobRef absent =
        BlobRef.newBuilder(sourceRef)
            .setSha256(Sha256.hex("never stored".getBytes(StandardCharsets.UTF_8)))
            .setUri(
                blobs.root()
                    + "sha256/"
                    + Sha256.hex("never stored".getBytes(StandardCharsets.UTF_8)))
            .build();
    EditRequest missing =
        EditRequest.newBuilder(inline).setRequestId("s3-missing").setImage(absent).build();
    EditRequest outside =
        EditRequest.newBuilder(inline)
            .setRequestId("s3-outside")
            .setImage(
                BlobRef.newBuilder(sourceRef)
                    .setUri("file:///tmp/blobs/sha256/" + sourceRef.getSha256())
                    .build())
            .build();

    // A blob whose object was changed behind the store's back: its hash no longer matches.
    BlobRef tamperedRef = blobs.put(concat(source, new byte[] {1}), "image/png");
    String tamperedKey = tamperedRef.getUri().substring(("s3://" + BUCKET + "/").length());
    admin.putObject(
        r -> r.bucket(BUCKET).key(tamperedKey),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(concat(source, new byte[] {2})));
    EditRequest tampered =
        EditRequest.newBuilder(inline).setRequestId("s3-tampered").setImage(tamperedRef).build();

    Map<String, List<EditResult>> results;
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                client.bootstrapServers(), client.registryConfig(), List.of(Topics.EDIT_RESULTS))) {
      edits.submit(edit);
      edits.submit(missing);
      edits.submit(outside);
      edits.submit(tampered);
      await("four results")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> records.poll().byKey(Topics.EDIT_RESULTS).size() == 4);
      results = records.drainCommitted().byKey(Topics.EDIT_RESULTS);
    }

    assertThat(results.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    EditResult done = results.get("s3-edit").get(0);
    assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ResultStatus.SUCCEEDED);
    BlobRef image = done.getResultImage();
    assertThat(image.getUri()).startsWith("s3://" + BUCKET + "/" + PREFIX + "sha256/");
    byte[] png = blobs.get(image);
    assertThat(Sha256.hex(png)).isEqualTo(image.getSha256());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(32);
    // The object is in the bucket itself, under the key the reference names.
    String key = image.getUri().substring(("s3://" + BUCKET + "/").length());
    assertThat(admin.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(png);

    EditResult notFound = results.get("s3-missing").get(0);
    assertThat(notFound.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(notFound.getReasonCode()).isEqualTo("BLOB_NOT_FOUND");
    EditResult foreign = results.get("s3-outside").get(0);
    assertThat(foreign.getStatus()).isEqualTo(ResultStatus.REJECTED);
    assertThat(foreign.getReasonCode()).isEqualTo("BLOB_REF_OUTSIDE_STORE");
    // The store's fault, not the client's: verified on read, so the changed bytes are not used.
    EditResult corrupt = results.get("s3-tampered").get(0);
    assertThat(corrupt.getStatus()).isEqualTo(ResultStatus.FAILED);
    assertThat(corrupt.getReasonCode()).isEqualTo("BLOB_STORE_FAULT");
  }

  @Test
  void garbageCollectionKeepsReferencedAndYoungBlobsAndDeletesOldUnreferencedOnes()
      throws Exception {
    BlobRef referenced = blobs.put("gc: referenced".getBytes(StandardCharsets.UTF_8), "image/png");
    // A request the worker never sees (its bundle is unknown) still lives in edit-requests.
    EditRequest request =
        EditRequest.newBuilder(ResolutionIntegrationTest.request("s3-gc", scene(), true, 2))
            .setImage(referenced)
            .setBundleName("no-such-bundle")
            .build();
    try (EditClient edits = EditClient.connect(client);
        PipelineRecords records =
            new PipelineRecords(
                client.bootstrapServers(), client.registryConfig(), List.of(Topics.EDIT_RESULTS))) {
      edits.submit(request);
      await("its rejection")
          .atMost(Duration.ofMinutes(1))
          .until(() -> !records.poll().of(Topics.EDIT_RESULTS, "s3-gc").isEmpty());
    }
    BlobRef old = blobs.put("gc: old".getBytes(StandardCharsets.UTF_8), "image/png");
    Instant oldWritten = blobs.stat(old.getSha256()).orElseThrow().lastModified();
    // S3's Last-Modified has whole seconds: the young blob must be written in a later one.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Instant.now().isAfter(oldWritten.plusMillis(1_500)));
    BlobRef young = blobs.put("gc: young".getBytes(StandardCharsets.UTF_8), "image/png");
    Instant youngWritten = blobs.stat(young.getSha256()).orElseThrow().lastModified();
    assertThat(youngWritten).isAfter(oldWritten);

    Duration grace = GracePeriod.ofCatalogue();
    assertThat(grace).isEqualTo(Duration.ofDays(30));
    // Measured at the instant the young blob turns exactly as old as the grace: it is not older,
    // the old one is, by at least a second. (S3 cannot back-date an object; the clock moves.)
    Clock later = Clock.fixed(youngWritten.plus(grace), ZoneOffset.UTC);
    BlobCollector collector = new BlobCollector(blobs, grace, later);
    BlobReferences references =
        BlobCollector.mark(
            client.bootstrapServers(), client.registryConfig(), Duration.ofSeconds(60));
    assertThat(references.refersTo(referenced.getSha256())).isTrue();
    assertThat(references.refersTo(old.getSha256())).isFalse();
    assertThat(references.referencesByTopic().get(Topics.EDIT_REQUESTS.name())).isPositive();

    CollectionReport dry = collector.sweep(references, true);
    assertThat(dry.deleted()).extracting(StoredBlob::sha256).contains(old.getSha256());
    assertThat(dry.deleted())
        .extracting(StoredBlob::sha256)
        .doesNotContain(referenced.getSha256(), young.getSha256());
    assertThat(blobs.exists(old)).isTrue();

    CollectionReport real = collector.sweep(references, false);
    assertThat(real.deleted()).extracting(StoredBlob::sha256).contains(old.getSha256());
    assertThat(real.keptYoung()).isGreaterThanOrEqualTo(1);
    assertThat(real.keptReferenced()).isGreaterThanOrEqualTo(1);
    assertThat(blobs.exists(old)).isFalse();
    assertThat(blobs.exists(young)).isTrue();
    assertThat(blobs.exists(referenced)).isTrue();
  }

  private static dev.editstream.models.world.Scene scene() {
    return ResolutionIntegrationTest.SCENES.get(0);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}

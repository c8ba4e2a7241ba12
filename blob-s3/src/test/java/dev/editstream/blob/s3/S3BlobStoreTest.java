package dev.editstream.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobIntegrityException;
import dev.editstream.schemas.blob.BlobNotFoundException;
import dev.editstream.schemas.blob.BlobRefPolicy;
import dev.editstream.schemas.blob.BlobStoreException;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.schemas.blob.StoredBlob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link S3BlobStore} against a real S3 endpoint (s3proxy in this JVM, see {@link S3ProxyServer}).
 */
class S3BlobStoreTest {

  private static final String PREFIX = "editstream/blobs/";

  private static S3ProxyServer server;

  /** A client of its own, to look at and tamper with objects behind the store's back. */
  private S3Client admin;

  private String bucket;
  private S3BlobStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void openStore() {
    admin = S3Clients.create(server.settings("admin", ""));
    bucket = server.newBucket(admin);
    store = new S3BlobStore(server.settings(bucket, PREFIX));
  }

  @AfterEach
  void closeStore() {
    store.close();
    admin.close();
  }

  @Test
  void putThenGetRoundTripsTheBytesWithTheirMediaType() {
    byte[] bytes = new byte[300_000];
    new Random(19).nextBytes(bytes);

    BlobRef ref = store.put(bytes, "image/png");

    assertThat(ref.getSha256()).isEqualTo(Sha256.hex(bytes));
    assertThat(ref.getSize()).isEqualTo(bytes.length);
    assertThat(ref.getMediaType()).isEqualTo("image/png");
    assertThat(store.get(ref)).isEqualTo(bytes);
    assertThat(head(ref).contentType()).isEqualTo("image/png");
  }

  @Test
  void anEmptyBlobRoundTrips() {
    BlobRef ref = store.put(new byte[0], "application/octet-stream");
    assertThat(ref.getSize()).isZero();
    assertThat(store.get(ref)).isEmpty();
  }

  @Test
  void refUriIsTheObjectsS3UriUnderTheStoreRoot() {
    byte[] bytes = "latent".getBytes(StandardCharsets.UTF_8);
    String sha = Sha256.hex(bytes);

    BlobRef ref = store.put(bytes, "application/x-tensor");

    String key = PREFIX + "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
    assertThat(ref.getUri()).isEqualTo("s3://" + bucket + "/" + key);
    assertThat(store.root()).hasToString("s3://" + bucket + "/" + PREFIX);
    assertThat(admin.headObject(r -> r.bucket(bucket).key(key)).contentLength())
        .isEqualTo(bytes.length);
    assertThat(BlobRefPolicy.allowing(store).check(ref)).isEmpty();
  }

  @Test
  void anEmptyPrefixKeysBlobsAtTheBucketsTop() {
    try (S3BlobStore bare = new S3BlobStore(server.settings(bucket, ""))) {
      BlobRef ref = bare.put(new byte[] {1, 2, 3}, "application/octet-stream");
      assertThat(ref.getUri()).startsWith("s3://" + bucket + "/sha256/");
      assertThat(bare.root()).hasToString("s3://" + bucket + "/");
      assertThat(BlobRefPolicy.allowing(bare).check(ref)).isEmpty();
      // The prefixed store of the same bucket has its own key space.
      assertThat(store.exists(ref)).isFalse();
    }
  }

  @Test
  void putTwiceReturnsTheSameRefAndDoesNotRewriteTheObject() {
    byte[] bytes = "same bytes".getBytes(StandardCharsets.UTF_8);
    BlobRef first = store.put(bytes, "text/plain");
    // Mark the stored object (same bytes, another media type): a second put that rewrote it would
    // put text/plain back.
    String key = store.keyOf(first.getSha256());
    admin.putObject(
        r -> r.bucket(bucket).key(key).contentType("application/x-marker"),
        RequestBody.fromBytes(bytes));

    BlobRef second = store.put(bytes, "text/plain");

    assertThat(second).isEqualTo(first);
    assertThat(head(first).contentType()).isEqualTo("application/x-marker");
    assertThat(store.get(second)).isEqualTo(bytes);
  }

  @Test
  void existsOnlyForStoredBlobs() {
    BlobRef stored = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    BlobRef other = withSha(stored, Sha256.hex(new byte[] {9}));

    assertThat(store.exists(stored)).isTrue();
    assertThat(store.exists(other)).isFalse();
    assertThat(store.exists(withSha(stored, "not-a-sha"))).isFalse();
  }

  @Test
  void getOfAMissingObjectIsNotFound() {
    BlobRef stored = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    BlobRef missing = withSha(stored, Sha256.hex(new byte[] {9}));

    assertThatThrownBy(() -> store.get(missing))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(missing.getSha256())
        .hasMessageContaining(bucket);
  }

  @Test
  void getOfATamperedObjectIsAnIntegrityError() {
    BlobRef ref = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    String key = store.keyOf(ref.getSha256());

    // Same size, other bytes: only the hash can tell.
    admin.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {1, 2, 4}));
    assertThatThrownBy(() -> store.get(ref))
        .isInstanceOf(BlobIntegrityException.class)
        .hasMessageContaining("hashes to " + Sha256.hex(new byte[] {1, 2, 4}));

    // Other size: refused on the response's length.
    admin.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {1, 2, 3, 4}));
    assertThatThrownBy(() -> store.get(ref))
        .isInstanceOf(BlobIntegrityException.class)
        .hasMessageContaining("has 4 bytes");
  }

  @Test
  void aRefWhoseSizeDisagreesIsAnIntegrityError() {
    BlobRef ref = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    BlobRef wrongSize = BlobRef.newBuilder(ref).setSize(2).build();

    assertThatThrownBy(() -> store.get(wrongSize)).isInstanceOf(BlobIntegrityException.class);
  }

  @Test
  void aMalformedShaIsAStoreErrorBeforeAnyRequest() {
    BlobRef ref = store.put(new byte[] {1}, "application/octet-stream");

    assertThatThrownBy(() -> store.get(withSha(ref, "../../etc/passwd")))
        .isExactlyInstanceOf(BlobStoreException.class)
        .hasMessageContaining("malformed sha256");
  }

  @Test
  void aMissingBucketIsAStoreFaultNamingBucketAndKey() {
    BlobRef ref = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    String key = store.keyOf(ref.getSha256());

    try (S3BlobStore nowhere = new S3BlobStore(server.settings("no-such-bucket", PREFIX))) {
      assertThatThrownBy(() -> nowhere.put(new byte[] {1, 2, 3}, "application/octet-stream"))
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("bucket 'no-such-bucket'")
          .hasMessageContaining("key '" + key + "'");
      assertThatThrownBy(() -> nowhere.get(ref))
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("bucket 'no-such-bucket'")
          .hasMessageContaining("key '" + key + "'");
    }
  }

  @Test
  void refusedCredentialsAreAStoreFault() {
    S3BlobSettings good = server.settings(bucket, PREFIX);
    S3BlobSettings wrong =
        new S3BlobSettings(
            good.endpoint(),
            good.region(),
            good.bucket(),
            good.prefix(),
            good.accessKey(),
            "not-the-secret",
            good.pathStyle());

    try (S3BlobStore refused = new S3BlobStore(wrong)) {
      assertThatThrownBy(() -> refused.put(new byte[] {7}, "application/octet-stream"))
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("bucket '" + bucket + "'");
    }
  }

  private HeadObjectResponse head(BlobRef ref) {
    return admin.headObject(r -> r.bucket(bucket).key(store.keyOf(ref.getSha256())));
  }

  private static BlobRef withSha(BlobRef ref, String sha) {
    return BlobRef.newBuilder(ref).setSha256(sha).build();
  }

  @Test
  void listsStatsAndDeletesOnlyItsBlobs() {
    BlobRef a = store.put(new byte[] {1}, "application/octet-stream");
    BlobRef b = store.put(new byte[] {2, 2}, "image/png");
    // Objects that are not blobs of this store: outside the prefix, and a stray name inside it.
    admin.putObject(
        r -> r.bucket(bucket).key("other/" + a.getSha256()), RequestBody.fromString("x"));
    admin.putObject(
        r -> r.bucket(bucket).key(PREFIX + "sha256/notes.txt"), RequestBody.fromString("x"));

    List<StoredBlob> listed = new ArrayList<>();
    store.forEachStored(listed::add);

    assertThat(listed)
        .extracting(StoredBlob::sha256, StoredBlob::size, StoredBlob::uri)
        .containsExactlyInAnyOrder(
            Tuple.tuple(a.getSha256(), 1L, a.getUri()), Tuple.tuple(b.getSha256(), 2L, b.getUri()));
    assertThat(store.stat(b.getSha256()).orElseThrow().size()).isEqualTo(2);
    assertThat(store.delete(a.getSha256())).isTrue();
    assertThat(store.delete(a.getSha256())).isFalse();
    assertThat(store.stat(a.getSha256())).isEmpty();
    assertThat(store.exists(a)).isFalse();
    assertThat(store.exists(b)).isTrue();
  }

  @Test
  void puttingHeldBytesAgainGivesTheObjectANewLastModified() {
    byte[] bytes = "held".getBytes(StandardCharsets.UTF_8);
    BlobRef ref = store.put(bytes, "image/png");
    Instant first = store.stat(ref.getSha256()).orElseThrow().lastModified();
    // Last-Modified has whole seconds: wait until a later second has begun.
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Instant.now().isAfter(first.plusMillis(1_500)));

    store.put(bytes, "image/png");

    assertThat(store.stat(ref.getSha256()).orElseThrow().lastModified()).isAfter(first);
    assertThat(store.get(ref)).isEqualTo(bytes);
    assertThat(head(ref).contentType()).isEqualTo("image/png");
  }
}

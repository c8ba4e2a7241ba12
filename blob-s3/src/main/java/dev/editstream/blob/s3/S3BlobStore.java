package dev.editstream.blob.s3;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobIntegrityException;
import dev.editstream.schemas.blob.BlobNotFoundException;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.BlobStoreException;
import dev.editstream.schemas.blob.Sha256;
import dev.editstream.schemas.blob.StoredBlob;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A {@link BlobStore} in a bucket of S3-compatible object storage. A blob with hash {@code abcd...}
 * is the object {@code <prefix>sha256/ab/cd/abcd...} (the layout of {@link
 * dev.editstream.schemas.blob.FileBlobStore}); its reference's URI is {@code s3://<bucket>/<key>}.
 *
 * <p>Objects are immutable: {@link #put} writes an object only when its key is absent, and S3 makes
 * a single PUT visible whole or not at all, so readers never see a partial blob and concurrent
 * writers of the same content are harmless. Each upload carries a Content-MD5 for the service to
 * check, and {@link #get} checks size and SHA-256 against the reference.
 *
 * <p>Failures are the {@link BlobStoreException} family, as for every store: {@link
 * BlobNotFoundException} for a missing object, {@link BlobIntegrityException} for one whose bytes
 * do not match, and a plain {@link BlobStoreException} naming bucket and key for anything the
 * service or the network refused. Callers map them to reason codes as they do for the file store.
 *
 * <p>Safe for concurrent use. The store owns its SDK client; {@link #close} it when done.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final URI root;

  /**
   * A store on the bucket the settings name. Connects lazily: a wrong endpoint or missing bucket
   * shows on the first operation, as a {@link BlobStoreException}.
   */
  public S3BlobStore(S3BlobSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.s3 = S3Clients.create(settings);
    this.bucket = settings.bucket();
    this.prefix = settings.prefix();
    // Bucket and prefix are restricted to characters a URI takes as they are (S3BlobSettings).
    this.root = URI.create("s3://" + bucket + "/" + prefix);
  }

  @Override
  public BlobRef put(byte[] bytes, String mediaType) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
    String sha = Sha256.hex(bytes);
    String key = keyOf(sha);
    Optional<HeadObjectResponse> held = head(key);
    if (held.isEmpty() || !refreshed(key, held.get())) {
      write(key, sha, bytes, mediaType);
    }
    return BlobStore.reference(uriOf(key), sha, bytes, mediaType);
  }

  @Override
  public byte[] get(BlobRef ref) {
    String key = keyOf(checkedSha(ref));
    byte[] bytes;
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(request -> request.bucket(bucket).key(key))) {
      Long length = in.response().contentLength();
      if (length != null && length != ref.getSize()) {
        // Do not download an object that cannot match; its size alone settles it.
        in.abort();
        throw sizeMismatch(ref, key, length);
      }
      bytes = in.readAllBytes();
    } catch (NoSuchKeyException e) {
      throw notFound(ref, key);
    } catch (S3Exception e) {
      if (isMissingKey(e)) {
        throw notFound(ref, key);
      }
      throw failure("cannot read blob " + ref.getSha256(), key, e);
    } catch (SdkException | IOException e) {
      throw failure("cannot read blob " + ref.getSha256(), key, e);
    }
    if (bytes.length != ref.getSize()) {
      throw sizeMismatch(ref, key, bytes.length);
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equals(ref.getSha256())) {
      throw new BlobIntegrityException(
          "blob at " + uriOf(key) + " hashes to " + actual + ", reference says " + ref.getSha256());
    }
    return bytes;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BlobStoreException if the service cannot answer (unreachable, access refused): a store
   *     that cannot tell is not a store without the blob
   */
  @Override
  public boolean exists(BlobRef ref) {
    return Sha256.isHex(ref.getSha256()) && objectExists(keyOf(ref.getSha256()));
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> action) {
    String listed = prefix + "sha256/";
    try {
      s3
          .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(listed))
          .contents()
          .stream()
          .filter(object -> object.key().equals(keyOfName(object.key())))
          .forEach(
              object ->
                  action.accept(
                      new StoredBlob(
                          nameOf(object.key()),
                          object.size() == null ? -1 : object.size(),
                          object.lastModified() == null ? Instant.EPOCH : object.lastModified(),
                          uriOf(object.key()))));
    } catch (SdkException e) {
      throw failure("cannot list blobs", listed, e);
    }
  }

  @Override
  public Optional<StoredBlob> stat(String sha256) {
    if (!Sha256.isHex(sha256)) {
      return Optional.empty();
    }
    String key = keyOf(sha256);
    return head(key)
        .map(
            head ->
                new StoredBlob(
                    sha256,
                    head.contentLength() == null ? -1 : head.contentLength(),
                    head.lastModified() == null ? Instant.EPOCH : head.lastModified(),
                    uriOf(key)));
  }

  @Override
  public boolean delete(String sha256) {
    String key = keyOf(checkedSha(sha256));
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(request -> request.bucket(bucket).key(key));
      return true;
    } catch (SdkException e) {
      throw failure("cannot delete blob " + sha256, key, e);
    }
  }

  /** {@code s3://<bucket>/<prefix>}. */
  @Override
  public URI root() {
    return root;
  }

  /** Closes the SDK client and its connections. */
  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + root + "]";
  }

  /** The object key of a blob: {@code <prefix>sha256/ab/cd/<sha>}. */
  String keyOf(String sha) {
    return prefix + "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
  }

  private String uriOf(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The last path segment of a key, its blob's hash if it is a blob's key. */
  private static String nameOf(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The key a listed object would have if it were a blob, so other objects are left out. */
  private String keyOfName(String key) {
    String name = nameOf(key);
    return Sha256.isHex(name) ? keyOf(name) : "";
  }

  private boolean objectExists(String key) {
    return head(key).isPresent();
  }

  /**
   * A re-put makes the blob young again for the garbage collector (see {@link BlobStore}): S3 has
   * no "touch", so the object is copied onto itself, which gives it a new Last-Modified.
   */
  private boolean refreshed(String key, HeadObjectResponse held) {
    try {
      s3.copyObject(
          request ->
              request
                  .sourceBucket(bucket)
                  .sourceKey(key)
                  .destinationBucket(bucket)
                  .destinationKey(key)
                  // S3 refuses a copy onto itself unless something changes; replacing the
                  // metadata (with the same content type) is that change.
                  .metadataDirective(MetadataDirective.REPLACE)
                  .contentType(held.contentType()));
      return true;
    } catch (NoSuchKeyException e) {
      // Collected between the look-up and now: the caller writes it again.
      return false;
    } catch (SdkException e) {
      throw failure("cannot refresh blob", key, e);
    }
  }

  private Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(request -> request.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      // A HEAD response has no body, so a missing key may arrive as a bare 404.
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("cannot look up blob", key, e);
    } catch (SdkException e) {
      throw failure("cannot look up blob", key, e);
    }
  }

  private void write(String key, String sha, byte[] bytes, String mediaType) {
    try {
      s3.putObject(
          request ->
              request
                  .bucket(bucket)
                  .key(key)
                  .contentType(mediaType)
                  .contentLength((long) bytes.length)
                  // The service refuses the upload if the bytes it received differ, so a corrupted
                  // transfer cannot become the immutable object for this key. Content-MD5 rather
                  // than x-amz-checksum-sha256: every S3-compatible store knows the older header,
                  // while some (s3proxy 2.6 among them) answer the newer one with 501.
                  .contentMD5(md5Base64(bytes)),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw failure("cannot write blob " + sha, key, e);
    }
  }

  private static String md5Base64(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }

  private static boolean isMissingKey(S3Exception e) {
    // NoSuchBucket is also a 404, but it is the store's configuration that is wrong, not the blob.
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 404 && !"NoSuchBucket".equals(code);
  }

  private BlobNotFoundException notFound(BlobRef ref, String key) {
    return new BlobNotFoundException(
        "no blob "
            + ref.getSha256()
            + " in "
            + root
            + " (bucket '"
            + bucket
            + "', key '"
            + key
            + "')");
  }

  private BlobIntegrityException sizeMismatch(BlobRef ref, String key, long actual) {
    return new BlobIntegrityException(
        "blob at "
            + uriOf(key)
            + " has "
            + actual
            + " bytes, reference "
            + ref.getSha256()
            + " says "
            + ref.getSize());
  }

  private BlobStoreException failure(String what, String key, Exception cause) {
    return new BlobStoreException(
        what + " (bucket '" + bucket + "', key '" + key + "'): " + cause.getMessage(), cause);
  }

  private static String checkedSha(BlobRef ref) {
    return checkedSha(ref.getSha256());
  }

  private static String checkedSha(String sha) {
    if (!Sha256.isHex(sha)) {
      throw new BlobStoreException("malformed sha256 in blob reference: " + sha, null);
    }
    return sha;
  }
}

package dev.editstream.schemas.blob;

import dev.editstream.schemas.avro.BlobRef;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A content-addressed store for payloads too large for a record (images, latents, attention maps,
 * null-text embeddings). Records carry the {@link BlobRef} instead (claim check).
 *
 * <p>Blobs are immutable and addressed by their SHA-256, so putting the same bytes twice yields the
 * same reference and concurrent writers cannot conflict.
 *
 * <p>Putting bytes the store already holds refreshes their {@link StoredBlob#lastModified}, so a
 * blob that a new record is about to reference is young again for the garbage collector, which only
 * deletes blobs older than its grace period (see the package description).
 */
public interface BlobStore {

  /**
   * Stores bytes (idempotently) and returns their reference.
   *
   * @param bytes the payload
   * @param mediaType its media type, e.g. {@code image/png}
   * @throws BlobStoreException if the store cannot write
   */
  BlobRef put(byte[] bytes, String mediaType);

  /**
   * Reads a blob, verifying its size and SHA-256 against the reference.
   *
   * @throws BlobNotFoundException if the store has no such blob
   * @throws BlobIntegrityException if the stored bytes do not match the reference
   */
  byte[] get(BlobRef ref);

  /** Whether the store holds the blob a reference names. */
  boolean exists(BlobRef ref);

  /** The root every reference of this store lies under, for {@link BlobRefPolicy}. */
  URI root();

  /**
   * Hands every blob the store holds to {@code action}, in no particular order; blobs put or
   * deleted meanwhile may or may not be seen.
   *
   * @throws BlobStoreException if the store cannot be listed
   */
  void forEachStored(Consumer<StoredBlob> action);

  /**
   * The blob stored under a hash, if any, as it is now (the garbage collector asks again right
   * before deleting, so a blob re-put since the listing is kept).
   *
   * @param sha256 lower-case hex SHA-256
   * @throws BlobStoreException if the store cannot answer
   */
  Optional<StoredBlob> stat(String sha256);

  /**
   * Deletes the blob stored under a hash; only the garbage collector calls this.
   *
   * @param sha256 lower-case hex SHA-256
   * @return whether there was such a blob
   * @throws BlobStoreException if the store cannot delete
   */
  boolean delete(String sha256);

  /**
   * The reference every store returns from {@link #put}: where the bytes are, their SHA-256, size
   * and media type.
   *
   * @param uri where the store keeps them
   * @param sha256 their lower-case hex SHA-256
   * @param bytes the payload
   * @param mediaType its media type
   */
  static BlobRef reference(String uri, String sha256, byte[] bytes, String mediaType) {
    return BlobRef.newBuilder()
        .setUri(uri)
        .setSha256(sha256)
        .setSize(bytes.length)
        .setMediaType(mediaType)
        .build();
  }
}

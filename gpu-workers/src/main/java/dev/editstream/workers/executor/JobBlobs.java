package dev.editstream.workers.executor;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.BlobStoreException;
import java.nio.ByteBuffer;

/** A job's payloads: inline bytes or blobs in, blobs out; a store failure is BLOB_STORE_FAULT. */
record JobBlobs(BlobStore store) {

  /** The bytes of an Avro {@code bytes | BlobRef} field. */
  byte[] read(Object payload) {
    if (payload instanceof ByteBuffer buffer) {
      return InlineBytes.of(buffer);
    }
    return get((BlobRef) payload);
  }

  /** A blob's bytes. */
  byte[] get(BlobRef ref) {
    try {
      return store.get(ref);
    } catch (BlobStoreException e) {
      throw new EditException(ReasonCode.BLOB_STORE_FAULT, e.getMessage(), e);
    }
  }

  /** Stores bytes (idempotently). */
  BlobRef put(byte[] bytes, String mediaType) {
    try {
      return store.put(bytes, mediaType);
    } catch (BlobStoreException e) {
      throw new EditException(ReasonCode.BLOB_STORE_FAULT, e.getMessage(), e);
    }
  }
}

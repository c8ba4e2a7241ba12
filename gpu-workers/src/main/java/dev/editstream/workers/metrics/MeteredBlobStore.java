package dev.editstream.workers.metrics;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.StoredBlob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A blob store that counts the bytes put into it, by media type: {@code
 * editstream_blob_bytes_stored_total{media_type}} in Prometheus. Reads and look-ups pass through
 * uncounted. Blobs are content-addressed, so putting bytes the store already holds writes nothing
 * new; such a put is counted all the same, because only the store could tell it apart (at the cost
 * of a look-up per put). A put that fails counts nothing.
 */
public final class MeteredBlobStore implements BlobStore {

  private final BlobStore store;
  private final MeterRegistry registry;

  /**
   * Counts the puts of a store.
   *
   * @param store the store that keeps the bytes
   * @param registry where the counts are recorded
   */
  public MeteredBlobStore(BlobStore store, MeterRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public BlobRef put(byte[] bytes, String mediaType) {
    BlobRef ref = store.put(bytes, mediaType);
    Counter.builder("editstream.blob.bytes.stored")
        .description("Bytes put into the blob store (results, masks, inversions)")
        .tag("media.type", mediaType == null ? "unknown" : mediaType)
        .register(registry)
        .increment(bytes.length);
    return ref;
  }

  @Override
  public byte[] get(BlobRef ref) {
    return store.get(ref);
  }

  @Override
  public boolean exists(BlobRef ref) {
    return store.exists(ref);
  }

  @Override
  public URI root() {
    return store.root();
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> action) {
    store.forEachStored(action);
  }

  @Override
  public Optional<StoredBlob> stat(String sha256) {
    return store.stat(sha256);
  }

  @Override
  public boolean delete(String sha256) {
    return store.delete(sha256);
  }
}

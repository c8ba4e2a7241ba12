package dev.editstream.deploy.gc;

import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.StoredBlob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a store's garbage: marks the blobs live records refer to ({@link #mark}), then sweeps
 * ({@link #sweep}): every blob that is referenced, or younger than the grace, is kept; every other
 * one is asked about again (a re-put since the listing makes it young) and deleted.
 */
public final class BlobCollector {

  private static final Logger LOG = LoggerFactory.getLogger(BlobCollector.class);

  private final BlobStore store;
  private final Duration grace;
  private final Clock clock;

  /**
   * A collector.
   *
   * @param store the deployment's blob store
   * @param grace least age of a blob that may be deleted ({@link GracePeriod#ofCatalogue()})
   * @param clock the time ages are measured at
   */
  public BlobCollector(BlobStore store, Duration grace, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The mark: reads every topic of the cluster to its committed end.
   *
   * @throws GcException if a topic cannot be read to its end within the timeout
   */
  public static BlobReferences mark(
      String bootstrapServers, Map<String, ?> registryConfig, Duration timeout) {
    return ReferenceScan.scan(bootstrapServers, registryConfig, timeout);
  }

  /**
   * The sweep, after a complete mark.
   *
   * @param references what the mark found
   * @param dryRun report what would be deleted, delete nothing
   * @throws dev.editstream.schemas.blob.BlobStoreException if the store cannot be listed or a blob
   *     cannot be deleted (what was deleted before stays deleted)
   */
  public CollectionReport sweep(BlobReferences references, boolean dryRun) {
    Instant now = clock.instant();
    long[] referenced = new long[2];
    long[] young = new long[2];
    List<StoredBlob> old = new ArrayList<>();
    store.forEachStored(
        blob -> {
          if (references.refersTo(blob.sha256())) {
            referenced[0]++;
            referenced[1] += blob.size();
          } else if (!olderThanGrace(blob, now)) {
            young[0]++;
            young[1] += blob.size();
          } else {
            old.add(blob);
          }
        });
    List<StoredBlob> deleted = new ArrayList<>();
    for (StoredBlob blob : old) {
      // Asked again: a blob put again since the listing is young now, and its new reference may
      // not have been committed when the mark ran.
      Optional<StoredBlob> current = store.stat(blob.sha256());
      if (current.isEmpty()) {
        continue;
      }
      if (!olderThanGrace(current.get(), now)) {
        young[0]++;
        young[1] += blob.size();
        continue;
      }
      if (!dryRun) {
        store.delete(blob.sha256());
      }
      LOG.info(
          "{} blob {} ({} bytes, last written {}): no live record refers to it",
          dryRun ? "Would delete" : "Deleted",
          blob.sha256(),
          blob.size(),
          current.get().lastModified());
      deleted.add(current.get());
    }
    return new CollectionReport(
        references, grace, dryRun, referenced[0], referenced[1], young[0], young[1], deleted);
  }

  private boolean olderThanGrace(StoredBlob blob, Instant now) {
    return blob.lastModified().plus(grace).isBefore(now);
  }
}

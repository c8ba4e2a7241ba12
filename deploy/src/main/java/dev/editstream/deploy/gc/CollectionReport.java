package dev.editstream.deploy.gc;

import dev.editstream.schemas.blob.StoredBlob;
import java.time.Duration;
import java.util.List;

/**
 * What a collection kept and deleted.
 *
 * @param references what the mark found
 * @param grace the age below which unreferenced blobs were kept
 * @param dryRun whether deletions were only reported
 * @param keptReferenced blobs a live record refers to
 * @param keptReferencedBytes their bytes
 * @param keptYoung unreferenced blobs younger than the grace
 * @param keptYoungBytes their bytes
 * @param deleted unreferenced blobs older than the grace: deleted, or (dry run) to be deleted
 */
public record CollectionReport(
    BlobReferences references,
    Duration grace,
    boolean dryRun,
    long keptReferenced,
    long keptReferencedBytes,
    long keptYoung,
    long keptYoungBytes,
    List<StoredBlob> deleted) {

  /** Copies the list. */
  public CollectionReport {
    deleted = List.copyOf(deleted);
  }

  /** Bytes of the deleted blobs. */
  public long deletedBytes() {
    return deleted.stream().mapToLong(StoredBlob::size).sum();
  }
}

package dev.editstream.schemas.blob;

import java.time.Instant;
import java.util.Objects;

/**
 * A blob as its store holds it, for garbage collection: its address, size and when it was last
 * written or re-put (its age counts from then).
 *
 * @param sha256 lower-case hex SHA-256, the blob's address
 * @param size bytes stored
 * @param lastModified when the store last wrote or refreshed it
 * @param uri the URI its references carry
 */
public record StoredBlob(String sha256, long size, Instant lastModified, String uri) {

  /** Checks every field is present. */
  public StoredBlob {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(uri, "uri");
  }
}

package dev.editstream.deploy.gc;

import java.util.Map;
import java.util.Set;

/**
 * What the mark found: the hashes of every blob a live record refers to.
 *
 * @param sha256s lower-case hex SHA-256 of every referenced blob
 * @param referencesByTopic references found per topic (a blob referenced twice counts twice)
 * @param recordsRead live records read over all topics
 */
public record BlobReferences(
    Set<String> sha256s, Map<String, Long> referencesByTopic, long recordsRead) {

  /** Copies the collections. */
  public BlobReferences {
    sha256s = Set.copyOf(sha256s);
    referencesByTopic = Map.copyOf(referencesByTopic);
  }

  /** Whether a live record refers to the blob. */
  public boolean refersTo(String sha256) {
    return sha256s.contains(sha256);
  }
}

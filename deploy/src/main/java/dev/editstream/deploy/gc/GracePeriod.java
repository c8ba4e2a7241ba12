package dev.editstream.deploy.gc;

import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.List;

/**
 * How old an unreferenced blob must be before it is deleted: the longest finite retention among the
 * catalogue's time-retained topics, 30 days today ({@code edit-dlq}, whose dead letters are
 * requests that may reference blobs). A blob is put before the record that refers to it is
 * committed (a client's source image before its request, a worker's result before its transaction);
 * the mark cannot see such a record yet, and the grace keeps its blob. Compacted and
 * forever-retained topics add nothing: their records, once committed, stay live and are marked.
 */
public final class GracePeriod {

  private GracePeriod() {}

  /** The grace of the topic catalogue. */
  public static Duration ofCatalogue() {
    return of(Topics.all());
  }

  /** The grace of some topics: their longest finite retention, or zero when none has one. */
  static Duration of(List<Topic<?, ?>> topics) {
    long longest = 0;
    for (Topic<?, ?> topic : topics) {
      if (!topic.compacted()) {
        long retention = topic.retentionMs().orElse(0L);
        longest = Math.max(longest, retention);
      }
    }
    return Duration.ofMillis(longest);
  }
}

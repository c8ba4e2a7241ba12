package dev.editstream.workers.runtime;

import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one owned partition: which records were received and are not yet finished, and
 * what may be committed. Jobs finish out of order (priorities, several threads), so the committable
 * offset is the lowest one still open: everything below it is finished. One instance per
 * assignment, so a job of an earlier ownership of the same partition is told apart by identity.
 * Used by the poll thread only, except {@link #revoked()}.
 */
final class PartitionOffsets {

  private final TopicPartition partition;
  private final TreeSet<Long> open = new TreeSet<>();
  private long next = -1;
  private long committed = -1;
  private volatile boolean revoked;

  PartitionOffsets(TopicPartition partition) {
    this.partition = partition;
  }

  TopicPartition partition() {
    return partition;
  }

  /** A record was taken from the partition. */
  void received(long offset) {
    open.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** The record's job ended and its outcome (if any) goes into the next transaction. */
  void finished(long offset) {
    open.remove(offset);
  }

  /** The offset to commit, if it moved past the last commit: the lowest open one, or the next. */
  OptionalLong toCommit() {
    if (next < 0) {
      return OptionalLong.empty();
    }
    long offset = open.isEmpty() ? next : open.first();
    return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  /** The transaction holding {@code offset} committed. */
  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** The partition went to another member (or was lost); its jobs are handed back. */
  void revoke() {
    revoked = true;
  }

  /** Whether this ownership ended; safe from any thread. */
  boolean revoked() {
    return revoked;
  }
}

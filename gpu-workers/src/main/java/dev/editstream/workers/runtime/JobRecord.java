package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.EditJob;

/**
 * A {@code jobs-edit} value as the worker's deserializer read it. Reading never throws, so one bad
 * record cannot stop the consumer at its offset.
 */
sealed interface JobRecord {

  /** The record holds a job. */
  record Readable(EditJob job) implements JobRecord {}

  /** The record can never be read (garbage, unknown schema id, a tombstone): a poison job. */
  record Unreadable(String problem) implements JobRecord {}

  /**
   * The schema registry could not be asked (down, unreachable, refusing): not the record's fault,
   * so it is read again later.
   */
  record RegistryUnavailable(String problem) implements JobRecord {}
}

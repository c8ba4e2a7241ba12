package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.util.List;

/**
 * A job that ended and whose offset may be committed, with what goes into the same transaction: an
 * outcome (absent for a skipped or cancelled job), metrics (only for a success) and the audit
 * events of its attempts. Compute threads hand these to the poll thread.
 *
 * @param job the job
 * @param outcome the outcome, or null
 * @param metrics the metrics, or null
 * @param audit the audit events, oldest first
 */
record Completion(Job job, WorkerOutcome outcome, EditMetrics metrics, List<AuditEvent> audit) {

  Completion {
    audit = List.copyOf(audit);
  }

  /** A job that ends without an outcome (skipped or cancelled because its result is decided). */
  static Completion silent(Job job, List<AuditEvent> audit) {
    return new Completion(job, null, null, audit);
  }
}

package dev.editstream.workers.runtime;

/** The worker's decisions in the audit trail ({@code AuditEvent.decision}, stage EDIT). */
enum Decision {
  /** An attempt began (one per attempt). */
  EDIT_STARTED,
  /** An attempt failed transiently; another follows after a backoff. */
  EDIT_RETRY,
  /** The edit was made: SUCCEEDED, with the result's sha256. */
  EDIT_FINISHED,
  /** A user error only the engine could tell: REJECTED. */
  EDIT_REJECTED,
  /** A fault: FAILED (retries exhausted, poison job, bundle mismatch). */
  EDIT_FAILED,
  /** The deadline had passed when the job was taken: EXPIRED, not run. */
  EDIT_EXPIRED,
  /** The request's result was decided before the job ran: not run, no outcome. */
  EDIT_SKIPPED,
  /** The request's result was decided while the job ran: stopped, no outcome. */
  EDIT_CANCELLED
}

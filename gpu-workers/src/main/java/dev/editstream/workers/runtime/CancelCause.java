package dev.editstream.workers.runtime;

/** Why a job stops before it ends, which decides what the worker publishes and commits. */
enum CancelCause {
  /** The request has a terminal result: commit the job's offset, publish no outcome. */
  DECIDED("its result is decided"),
  /** The job's partition moved to another worker, which redoes the job: commit nothing. */
  REVOKED("its partition was revoked"),
  /** The worker is closing; the next member redoes the job: commit nothing. */
  SHUTDOWN("the worker is closing");

  private final String why;

  CancelCause(String why) {
    this.why = why;
  }

  /** The reason in words, for logs and {@link JobCancelledException}. */
  String why() {
    return why;
  }

  /** Whether the job's offset is committed although it did not run to its end. */
  boolean commits() {
    return this == DECIDED;
  }
}

package dev.editstream.workers.runtime;

import java.util.Objects;

/**
 * Thrown by {@link JobControl#checkCancelled()} when a job should stop. Expected control flow, so
 * it records no stack trace; an executor lets it propagate.
 */
public final class JobCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String requestId;

  /**
   * @param requestId the job's request
   * @param why why the job stops, e.g. {@code "its result is decided"}
   */
  public JobCancelledException(String requestId, String why) {
    super("job " + requestId + " cancelled: " + why, null, false, false);
    this.requestId = Objects.requireNonNull(requestId, "requestId");
  }

  /** The request whose job stopped. */
  public String requestId() {
    return requestId;
  }
}

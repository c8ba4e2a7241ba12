package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.EditJob;

/**
 * The compute behind the edit worker: runs one job, step by step, and says what came of it. The
 * worker calls it on one of its compute threads, one job per call, possibly for minutes.
 *
 * <p>How the worker reads what the executor does:
 *
 * <ul>
 *   <li>a returned {@link JobOutput} is the job's outcome (SUCCEEDED, or REJECTED for a user error
 *       the executor reports as a value);
 *   <li>an {@link dev.editstream.schemas.EditException} whose reason is a user error ends the job
 *       REJECTED with that code, without a retry; one with {@code POISON_JOB} or {@code
 *       BUNDLE_MISMATCH} ends it FAILED with that code at once (another attempt cannot help);
 *   <li>any other exception is transient: the worker retries the job with exponential backoff and
 *       after the last attempt ends it FAILED with {@code RETRIES_EXHAUSTED};
 *   <li>once {@link JobControl#cancelled()} is true, whatever the executor throws (normally the
 *       {@link JobCancelledException} of {@link JobControl#checkCancelled()}) stops the job.
 * </ul>
 *
 * <p>Implementations must be safe to call from several threads at once (one call per job) and must
 * write anything outside Kafka (result blobs) so that writing it twice is harmless: a job may run
 * again after a crash or a rebalance.
 */
@FunctionalInterface
public interface JobExecutor {

  /**
   * Runs one job; may take minutes.
   *
   * @param job the job as dispatched: the plan and every input
   * @param control cancellation and progress for this attempt; check it between steps
   * @return what the job made
   * @throws Exception a failure, read as described on the interface
   */
  JobOutput execute(EditJob job, JobControl control) throws Exception;

  /**
   * How the executor's model calls run (batched or not, the padded layout, threads): part of a
   * result's reproducibility fingerprint, next to {@link BuildFingerprint#current()}.
   */
  default String callFingerprint() {
    return "one request per denoiser call";
  }
}

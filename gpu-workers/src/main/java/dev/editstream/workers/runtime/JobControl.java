package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.Stage;

/**
 * What a running job may ask of the worker: whether it should stop, and where to report progress.
 * One instance per attempt; safe to use from the executor's own threads.
 */
public interface JobControl {

  /**
   * Whether the job should stop: its result was decided elsewhere (cancelled, expired), its
   * partition moved to another worker, or the worker is shutting down.
   */
  boolean cancelled();

  /**
   * Throws if the job should stop; call it between steps.
   *
   * @throws JobCancelledException when {@link #cancelled()} is true
   */
  void checkCancelled();

  /**
   * Reports progress. The worker publishes stage changes and about every {@code
   * progressStepFraction} of a stage's steps (the last step included) and drops the rest, so call
   * it at every step. Never throws.
   *
   * @param stage the stage running (INVERSION, EDIT, ...)
   * @param done steps done in this stage
   * @param total steps in this stage, or 0 when unknown
   * @param message a human note, or null
   */
  void progress(Stage stage, int done, int total, String message);
}

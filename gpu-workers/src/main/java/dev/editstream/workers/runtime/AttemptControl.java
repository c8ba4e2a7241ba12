package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.Stage;

/** The {@link JobControl} of one attempt: the job's cancellation and throttled progress. */
final class AttemptControl implements JobControl {

  private final Job job;
  private final ProgressPublisher progress;
  private final ProgressThrottle throttle;

  AttemptControl(Job job, ProgressPublisher progress, ProgressThrottle throttle) {
    this.job = job;
    this.progress = progress;
    this.throttle = throttle;
  }

  @Override
  public boolean cancelled() {
    return job.cancelCause() != null;
  }

  @Override
  public void checkCancelled() {
    CancelCause cause = job.cancelCause();
    if (cause != null) {
      throw new JobCancelledException(job.requestId(), cause.why());
    }
  }

  @Override
  public void progress(Stage stage, int done, int total, String message) {
    if (stage != null && throttle.admit(stage, done, total)) {
      progress.report(job.requestId(), stage, done, total, message);
    }
  }
}

package dev.editstream.workers.executor;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.workers.runtime.JobControl;
import dev.editstream.workers.runtime.JobExecutor;
import dev.editstream.workers.runtime.JobOutput;
import java.util.Locale;
import java.util.Map;

/**
 * A worker serving several bundles: each job goes to the executor of the bundle it was planned for
 * (by the bundle's sha256); a job for any other bundle ends FAILED with {@code BUNDLE_MISMATCH}.
 */
public final class BundleRoutedExecutor implements JobExecutor {
  private final Map<String, JobExecutor> bySha256;

  /**
   * A router.
   *
   * @param bySha256 the executor of each served bundle, by the sha256 of its variables
   */
  public BundleRoutedExecutor(Map<String, JobExecutor> bySha256) {
    this.bySha256 = Map.copyOf(bySha256);
  }

  @Override
  public JobOutput execute(EditJob job, JobControl control) throws Exception {
    JobExecutor e = bySha256.get(job.getBundleSha256().toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new EditException(
          ReasonCode.BUNDLE_MISMATCH,
          "job "
              + job.getRequestId()
              + " was planned for bundle "
              + job.getBundleSha256()
              + "; this worker serves "
              + bySha256.keySet());
    }
    return e.execute(job, control);
  }

  @Override
  public String callFingerprint() {
    return bySha256.values().stream()
        .map(JobExecutor::callFingerprint)
        .distinct()
        .collect(java.util.stream.Collectors.joining(" / "));
  }
}

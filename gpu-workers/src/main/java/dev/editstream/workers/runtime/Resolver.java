package dev.editstream.workers.runtime;

import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;

/**
 * The compute behind the {@link ResolutionWorker}: computes the record a resolution job asks for.
 * Failures are read as by {@link JobExecutor}: an {@link dev.editstream.schemas.EditException} with
 * a user error's code, {@code POISON_JOB} or {@code BUNDLE_MISMATCH} makes a FAILED record at once;
 * anything else is retried and then makes a FAILED record with {@code RETRIES_EXHAUSTED}. Anything
 * written outside Kafka (blobs) must be harmless to write twice.
 */
public interface Resolver {

  /**
   * Inverts a job's image for its plan and stores the inversion.
   *
   * @return the READY record, keyed (and checked) by the job's inversion key
   */
  InversionRecord invert(InversionJob job) throws Exception;

  /**
   * Captions a job's image.
   *
   * @return the READY record
   */
  CaptionRecord caption(CaptionJob job) throws Exception;
}

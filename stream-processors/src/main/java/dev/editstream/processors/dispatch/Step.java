package dev.editstream.processors.dispatch;

import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.schemas.avro.EditJob;
import org.apache.avro.specific.SpecificRecord;

/** What dispatch does next with a request: ask a resolution stage, or send the edit job. */
public sealed interface Step {

  /**
   * Ask a stage for a key's record; the request waits, RESOLVING, for the answer.
   *
   * @param stage which stage
   * @param key the resolution key (image hash, inversion key)
   * @param job the job that computes the record, issued only if no record or job exists yet
   */
  record Resolve(ResolutionStage<?> stage, String key, SpecificRecord job) implements Step {}

  /**
   * Send the edit job: everything is resolved.
   *
   * @param job the job, keyed by the request id
   */
  record Dispatch(EditJob job) implements Step {}
}

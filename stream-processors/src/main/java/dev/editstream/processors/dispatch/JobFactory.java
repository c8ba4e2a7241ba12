package dev.editstream.processors.dispatch;

import dev.editstream.schemas.avro.EditRequest;
import java.time.Instant;

/**
 * Decides a request's next step: which record it still needs from a resolution stage (its caption,
 * then its inversion), or, once it has them, its edit job with the plan and every input a worker
 * needs, so the worker looks nothing up. Dispatch calls it when a request arrives and again after
 * each answer, inside the processing of that record: it should be quick (it may read the request's
 * image from the blob store, once per call, to hash it).
 */
@FunctionalInterface
public interface JobFactory {

  /**
   * The request's next step.
   *
   * @param request the accepted request, as intake forwarded it
   * @param resolved what the resolution stages answered so far
   * @param now the dispatch time, for the jobs' timestamps
   * @return a resolution to ask for, or the edit job (keyed by the request id)
   * @throws dev.editstream.schemas.EditException when no job can be made: a user error ends the
   *     request REJECTED with its code, a fault ends it FAILED
   */
  Step next(EditRequest request, Resolved resolved, Instant now);
}

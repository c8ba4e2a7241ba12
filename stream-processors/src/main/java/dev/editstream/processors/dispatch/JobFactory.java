package dev.editstream.processors.dispatch;

import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import java.time.Instant;

/**
 * Makes the job of an accepted request: the edit plan and every input a worker needs, so the worker
 * looks nothing up. Dispatch calls it once per request it dispatches, inside the processing of that
 * request's record: it should be quick and must not block on I/O.
 */
@FunctionalInterface
public interface JobFactory {

  /**
   * Makes the job of a request.
   *
   * @param request the accepted request, as intake forwarded it
   * @param now the dispatch time, for {@code dispatchedAt}
   * @return the job, keyed (and with {@code requestId}) by the request's id
   * @throws dev.editstream.schemas.EditException when no job can be made: a user error ends the
   *     request REJECTED with its code, a fault ends it FAILED
   */
  EditJob jobFor(EditRequest request, Instant now);
}

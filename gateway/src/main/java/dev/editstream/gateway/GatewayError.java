package dev.editstream.gateway;

import dev.editstream.schemas.ReasonCode;

/**
 * A call the gateway refuses: the HTTP status, a code of the catalogue and what exactly is wrong.
 * The gateway answers it as {@code {"reason": CODE, "message": ...}}; it is expected input, so it
 * is logged in one line without a stack trace.
 */
final class GatewayError extends RuntimeException {

  private final int status;
  private final String reason;

  GatewayError(int status, ReasonCode reason, String message) {
    this(status, reason.name(), message);
  }

  /**
   * A refusal that repeats a request's own result code (e.g. cancelling a request that ended {@code
   * OK}); the code comes from the catalogue through the result.
   */
  GatewayError(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }
}

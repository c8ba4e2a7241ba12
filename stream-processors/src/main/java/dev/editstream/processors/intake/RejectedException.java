package dev.editstream.processors.intake;

import dev.editstream.schemas.ReasonCode;

/**
 * Carries a {@link Rejection} out of the nested checks of {@link RequestValidator}. Expected bad
 * input, so it records no stack trace.
 */
final class RejectedException extends Exception {

  private final transient Rejection rejection;

  RejectedException(ReasonCode reason, String detail) {
    super(detail, null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  Rejection rejection() {
    return rejection;
  }
}

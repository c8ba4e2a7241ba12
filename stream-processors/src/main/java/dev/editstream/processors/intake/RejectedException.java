package dev.editstream.processors.intake;

/**
 * Carries a {@link Rejection} out of the nested checks of {@link RequestValidator}. Expected bad
 * input, so it records no stack trace.
 */
final class RejectedException extends Exception {

  private final transient Rejection rejection;

  RejectedException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  Rejection rejection() {
    return rejection;
  }
}

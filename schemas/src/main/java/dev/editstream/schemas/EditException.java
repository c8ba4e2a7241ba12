package dev.editstream.schemas;

import java.util.Objects;

/**
 * An edit that cannot proceed, with its reason code from {@link ReasonCode} and what exactly is
 * wrong. Thrown for user errors (the request would fail again: REJECTED) and for faults (FAILED);
 * {@link #reason()} tells which. Expected bad input, so user errors record no stack trace.
 */
public class EditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ReasonCode reason;
  private final String detail;

  /**
   * An error without a cause.
   *
   * @param reason the code
   * @param detail what exactly is wrong, e.g. {@code "word 'cat' of 'a cat' is not in the
   *     vocabulary"}
   */
  public EditException(ReasonCode reason, String detail) {
    this(reason, detail, null);
  }

  /**
   * An error with a cause (a fault's underlying exception).
   *
   * @param reason the code
   * @param detail what exactly is wrong
   * @param cause the underlying failure, or null
   */
  public EditException(ReasonCode reason, String detail, Throwable cause) {
    super(
        Objects.requireNonNull(reason, "reason").message() + ": " + detail,
        cause,
        false,
        !reason.isUserError());
    this.reason = reason;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** The reason code. */
  public ReasonCode reason() {
    return reason;
  }

  /** What exactly is wrong with this request, without the code's explanation. */
  public String detail() {
    return detail;
  }
}

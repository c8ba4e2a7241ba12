package dev.editstream.processors.intake;

import dev.editstream.schemas.ReasonCode;
import java.util.Objects;

/**
 * Intake's refusal of one request.
 *
 * @param reason the stable reason code
 * @param detail what exactly is wrong with this request, e.g. {@code "steps 0 not in [1, 1000]"}
 */
public record Rejection(ReasonCode reason, String detail) {

  /** Checks both fields are present. */
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** Returns the human message: the code's explanation followed by the detail. */
  public String message() {
    return reason.message() + ": " + detail;
  }
}

package dev.editstream.workers.engine.progress;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;

/**
 * Thrown by a {@link StepListener} to stop a job between two steps, because its request was
 * cancelled. It is an {@link EditException} with {@link ReasonCode#CANCELLED_BY_CLIENT}, so a
 * worker that maps an engine error to an outcome by its reason code needs no extra branch.
 */
public final class EditCancelledException extends EditException {
  private static final long serialVersionUID = 1L;

  /**
   * A cancellation.
   *
   * @param detail which job and why, e.g. {@code "request r-17 cancelled at sampling step 12/20"}
   */
  public EditCancelledException(String detail) {
    super(ReasonCode.CANCELLED_BY_CLIENT, detail);
  }
}

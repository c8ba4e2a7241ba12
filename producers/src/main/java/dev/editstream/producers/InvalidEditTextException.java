package dev.editstream.producers;

/** Text that names no valid edit or mask; the message says which part and why. */
public final class InvalidEditTextException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, quoting the text
   */
  public InvalidEditTextException(String message) {
    super(message);
  }
}

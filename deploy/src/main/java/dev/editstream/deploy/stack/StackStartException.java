package dev.editstream.deploy.stack;

/** The single-machine stack could not start; the message names the part that failed. */
public final class StackStartException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public StackStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

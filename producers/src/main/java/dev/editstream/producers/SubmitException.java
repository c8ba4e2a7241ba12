package dev.editstream.producers;

/**
 * An edit request or a cancellation could not be submitted: Kafka or the schema registry refused or
 * did not answer.
 */
public final class SubmitException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the request
   * @param cause the underlying failure
   */
  public SubmitException(String message, Throwable cause) {
    super(message, cause);
  }
}

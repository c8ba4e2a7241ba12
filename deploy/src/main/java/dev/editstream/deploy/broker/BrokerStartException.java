package dev.editstream.deploy.broker;

/** The embedded broker could not start: a port is taken or its data directory is unusable. */
public final class BrokerStartException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for the operator
   * @param cause the underlying failure, or null
   */
  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.editstream.gateway;

/** The gateway could not start: its port is taken, or the progress topics cannot be followed. */
public final class GatewayStartException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what did not start, naming the address
   * @param cause the underlying failure
   */
  public GatewayStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

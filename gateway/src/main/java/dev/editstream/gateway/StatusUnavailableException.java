package dev.editstream.gateway;

/**
 * The status store cannot be queried now (the stream application is starting or rebalancing); the
 * gateway answers 503 {@code STATUS_UNAVAILABLE}, and a retry later succeeds.
 */
public final class StatusUnavailableException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message why the store cannot be queried
   * @param cause the store's own exception
   */
  public StatusUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

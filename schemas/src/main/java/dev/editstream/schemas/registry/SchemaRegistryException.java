package dev.editstream.schemas.registry;

/**
 * A schema registry call failed. Carries the HTTP status and Confluent's {@code error_code} (for
 * example 40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema),
 * or -1 when no response was received.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  /**
   * @param status HTTP status, or -1 when the registry could not be reached
   * @param errorCode Confluent error code from the response body, or -1
   * @param message the registry's message, or a description of the failure
   * @param cause underlying failure, may be null
   */
  public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message + (errorCode > 0 ? " (error_code " + errorCode + ")" : ""), cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** HTTP status of the response, or -1 when none was received. */
  public int status() {
    return status;
  }

  /** Confluent error code of the response body, or -1. */
  public int errorCode() {
    return errorCode;
  }
}

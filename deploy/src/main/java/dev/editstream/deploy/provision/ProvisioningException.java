package dev.editstream.deploy.provision;

/** Topics could not be provisioned: the broker did not answer or refused a topic. */
public final class ProvisioningException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying failure
   */
  public ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}

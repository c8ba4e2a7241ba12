package dev.editstream.deploy.gc;

/**
 * The collection could not be done safely (the mark could not read every topic to its end, or the
 * store could not be listed): nothing more is deleted, and the command exits non-zero.
 */
public final class GcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GcException(String message, Throwable cause) {
    super(message, cause);
  }
}

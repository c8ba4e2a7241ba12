package dev.editstream.schemas.blob;

/** A blob store operation failed. */
public class BlobStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message and the underlying cause (may be null). */
  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

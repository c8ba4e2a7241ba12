package dev.editstream.schemas.blob;

/** The store has no blob for a reference. */
public class BlobNotFoundException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the reference. */
  public BlobNotFoundException(String message) {
    super(message, null);
  }
}

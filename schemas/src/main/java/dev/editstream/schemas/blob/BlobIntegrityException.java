package dev.editstream.schemas.blob;

/** A stored blob's bytes do not match its reference's size or SHA-256. */
public class BlobIntegrityException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the reference and what differed. */
  public BlobIntegrityException(String message) {
    super(message, null);
  }
}

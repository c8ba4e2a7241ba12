package dev.editstream.editing;

/** A bundle could not be loaded or called; {@link #reason()} says which kind of problem. */
public final class BundleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Kinds of bundle problems. */
  public enum Reason {
    /** A file of the bundle directory is missing or unreadable. */
    MISSING_FILE,
    /** bundle.json is malformed or lacks a field. */
    INVALID_MANIFEST,
    /** The variables do not hash to the manifest's sha256. */
    CHECKSUM_MISMATCH,
    /** The SavedModel lacks a signature, an input or an output, or one is mis-typed/mis-shaped. */
    CONTRACT_VIOLATION,
    /** TensorFlow could not load or run the model. */
    RUNTIME,
    /** A call's inputs do not fit the bundle (shapes, batch sizes). */
    BAD_INPUT
  }

  private final Reason reason;

  /** A problem of kind {@code reason}, described by {@code message}. */
  public BundleException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** A problem of kind {@code reason} with its cause. */
  public BundleException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** The kind of problem. */
  public Reason reason() {
    return reason;
  }
}

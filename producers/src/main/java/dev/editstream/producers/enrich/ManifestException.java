package dev.editstream.producers.enrich;

/** An enrich input that cannot be read at all (no such file, a manifest that is not JSON). */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}

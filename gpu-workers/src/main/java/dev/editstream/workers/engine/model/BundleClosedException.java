package dev.editstream.workers.engine.model;

/**
 * A call on a model whose bundle was closed. Thrown before any TensorFlow call is made, so a late
 * call fails cleanly instead of reaching freed native memory. Not a fault of the job: a worker that
 * meets it is shutting down and hands the job back.
 */
public final class BundleClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * The error for a closed bundle.
   *
   * @param bundle the bundle's name and version
   */
  public BundleClosedException(String bundle) {
    super("model bundle " + bundle + " is closed; no more calls can be made on it");
  }
}

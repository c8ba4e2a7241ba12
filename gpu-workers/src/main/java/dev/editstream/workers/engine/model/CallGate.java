package dev.editstream.workers.engine.model;

/**
 * Counts what is in flight on a bundle (model calls and the engine runs around them) and closes the
 * bundle only when nothing is: closing under a running call is refused, and a call after closing
 * fails with {@link BundleClosedException} rather than a native crash. Thread-safe.
 */
public final class CallGate {
  private final String bundle;
  private int inFlight;
  private boolean closed;

  /**
   * A gate for one bundle.
   *
   * @param bundle the bundle's name and version, for messages
   */
  public CallGate(String bundle) {
    this.bundle = bundle;
  }

  /** A call or run in flight; closing it (once) lets the bundle close again. */
  public interface Pass extends AutoCloseable {
    /** Ends the call; later closes of the same pass do nothing. */
    @Override
    void close();
  }

  /**
   * Marks a call in flight until the returned pass is closed.
   *
   * @throws BundleClosedException when the bundle is closed
   */
  public synchronized Pass enter() {
    if (closed) {
      throw new BundleClosedException(bundle);
    }
    inFlight++;
    return new Pass() {
      private boolean done;

      @Override
      public void close() {
        synchronized (CallGate.this) {
          if (!done) {
            done = true;
            inFlight--;
          }
        }
      }
    };
  }

  /**
   * Closes the gate and runs {@code release} (which frees the bundle) while no call can start.
   * Closing a closed gate does nothing.
   *
   * @throws IllegalStateException when a call or run is in flight; the gate and the bundle stay
   *     open and usable, so the caller closes again once its work has finished
   */
  public synchronized void close(Runnable release) {
    if (closed) {
      return;
    }
    if (inFlight > 0) {
      throw new IllegalStateException(
          "cannot close model bundle "
              + bundle
              + ": "
              + inFlight
              + " call(s) in flight; close it once they have finished");
    }
    closed = true;
    release.run();
  }

  /** Whether the gate is closed. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Calls and runs in flight now. */
  public synchronized int inFlight() {
    return inFlight;
  }
}

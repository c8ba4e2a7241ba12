package dev.editstream.deploy.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a long-running command alive until Ctrl-C or SIGTERM, checking its health meanwhile. The
 * shutdown hook closes what the command runs and prints its last line; a failed health check ends
 * the command with exit code 1 (System.exit then runs the hook, which closes it).
 */
final class UntilStopped {
  private UntilStopped() {}

  /**
   * Runs until stopped.
   *
   * @param running what to close on shutdown
   * @param ready run once the shutdown hook is in place (prints that the command is up)
   * @param stoppedLine printed once it is closed
   * @param problem checked every {@code checkSeconds}: a message when it is unhealthy
   * @param checkSeconds seconds between checks
   * @param out standard output
   * @param err standard error, for the problem
   * @param threadName name of the shutdown hook's thread
   * @return the exit code: 0 after a signal, 1 after a failed check
   */
  static int run(
      AutoCloseable running,
      Runnable ready,
      String stoppedLine,
      Supplier<Optional<String>> problem,
      long checkSeconds,
      PrintWriter out,
      PrintWriter err,
      String threadName)
      throws InterruptedException {
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.countDown();
                  try {
                    running.close();
                  } catch (Exception e) {
                    err.println(threadName + ": stopping failed: " + e);
                  }
                  out.println(stoppedLine);
                  out.flush();
                  stopped.countDown();
                },
                threadName));
    ready.run();
    while (!stopping.await(checkSeconds, TimeUnit.SECONDS)) {
      Optional<String> p = problem.get();
      if (p.isPresent() && stopping.getCount() > 0) {
        err.println(p.get());
        return 1;
      }
    }
    stopped.await();
    return 0;
  }
}

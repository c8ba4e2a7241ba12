package dev.editstream.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code editstream} run as its own JVM, as a user runs it, with this test's classpath. Standard
 * output is collected line by line; standard error (the log) goes to a file.
 */
final class LauncherProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private LauncherProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<stdout closed: " + e + ">");
              }
            },
            "launcher-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code editstream <args>} with the given configuration environment.
   *
   * @param log file for the process's standard error
   */
  static LauncherProcess start(Map<String, String> environment, Path log, String... args)
      throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // The product's logging (to standard error), not this module's test logging.
                "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.editstream.deploy.Launcher"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("EDITSTREAM_"));
    builder.environment().putAll(environment);
    return new LauncherProcess(builder.start());
  }

  /** Waits for a line of standard output starting with the prefix (ignoring indentation). */
  String awaitLine(String prefix, Duration timeout) {
    Awaitility.await().atMost(timeout).until(() -> line(prefix).isPresent() || !process.isAlive());
    return line(prefix)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no line '"
                        + prefix
                        + "'; exited="
                        + !process.isAlive()
                        + ", output: "
                        + lines));
  }

  /**
   * Returns the value after the colon of a {@code " Name : value"} line, waiting for it: the lines
   * after a banner's first may still be in the pipe when the test reads them.
   */
  String value(String name) {
    String line = awaitLine(name, Duration.ofSeconds(30));
    return line.substring(line.indexOf(':') + 1).trim();
  }

  private Optional<String> line(String prefix) {
    return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst();
  }

  /** Sends SIGTERM (what Ctrl-C and {@code kill} do) and waits for the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    // Process.destroy() would also close our end of its output; the handle only signals.
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("editstream did not stop within " + timeout);
    }
    reader.join(timeout.toMillis()); // the last lines may still be in the pipe
    return process.exitValue();
  }

  /**
   * Sends SIGKILL (what {@code destroyForcibly} does on Linux): the process gets no chance to run
   * shutdown hooks, close clients or commit anything. Waits for it to be gone.
   *
   * @return the exit code (137 = 128 + SIGKILL)
   */
  int kill(Duration timeout) throws InterruptedException {
    // Like terminate(): signal through the handle, so the output already in the pipe is kept.
    process.toHandle().destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("editstream was not gone " + timeout + " after SIGKILL");
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  List<String> output() {
    return lines;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

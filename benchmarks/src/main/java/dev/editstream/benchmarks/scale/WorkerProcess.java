package dev.editstream.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code editstream worker} in a JVM of its own, configured through the {@code EDITSTREAM_*}
 * environment as a user would; stopped with SIGTERM.
 */
final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<String> up = new CompletableFuture<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.startsWith("Edit worker ") && line.contains(" is up ")) {
                    up.complete(line);
                  }
                }
              } catch (IOException e) {
                up.completeExceptionally(e);
              }
              up.completeExceptionally(new IllegalStateException("the worker exited"));
            },
            "worker-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a worker and waits until it says it is up. */
  static WorkerProcess start(Map<String, String> environment, Path log, Duration timeout)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.editstream.deploy.Launcher");
    command.add("worker");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("EDITSTREAM_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    // a benchmark stopped by a signal still stops its workers
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-worker"));
    WorkerProcess worker = new WorkerProcess(process);
    try {
      worker.up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return worker;
    } catch (Exception e) {
      worker.close();
      throw new IllegalStateException("the worker did not come up; its log: " + log, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}

package dev.editstream.it;

import dev.editstream.deploy.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code editstream worker} in its own JVM against a running stack's broker, registry and blob
 * store, configured as a user would: through the {@code EDITSTREAM_*} environment.
 */
final class WorkerJvm {

  /** How long a worker may take to load its bundle and report that it is up. */
  static final Duration START = Duration.ofSeconds(120);

  /** The line {@code editstream worker} prints on standard output once it runs. */
  static final String READY = "Edit worker ";

  private WorkerJvm() {}

  /** The configuration of a worker for the stack, one compute thread. */
  static Map<String, String> environment(StackEndpoints stack, Path dataDir) {
    return Map.of(
        "EDITSTREAM_BOOTSTRAP_SERVERS",
        stack.bootstrapServers(),
        "EDITSTREAM_REGISTRY_URL",
        stack.registryUrl(),
        "EDITSTREAM_BLOB_ROOT",
        stack.blobRoot().toString(),
        "EDITSTREAM_DATA_DIR",
        dataDir.toString(),
        "EDITSTREAM_BUNDLES_DIR",
        "../models/bundles",
        "EDITSTREAM_WORKER_THREADS",
        "1",
        "EDITSTREAM_WORKER_CLOSE_TIMEOUT",
        "2s",
        "EDITSTREAM_WORKER_METRICS_PORT",
        "0");
  }

  /**
   * Starts a worker and waits until it reports that it is up.
   *
   * @param log file for its standard error (its log)
   */
  static LauncherProcess start(StackEndpoints stack, Path dataDir, Path log) throws IOException {
    return start(environment(stack, dataDir), dataDir, log);
  }

  /**
   * Starts a further worker on this machine under its own id ({@code editstream.worker.id}), and
   * waits until it reports that it is up.
   */
  static LauncherProcess start(StackEndpoints stack, Path dataDir, Path log, String workerId)
      throws IOException {
    Map<String, String> env = new java.util.HashMap<>(environment(stack, dataDir));
    env.put("EDITSTREAM_WORKER_ID", workerId);
    return start(env, dataDir, log);
  }

  private static LauncherProcess start(Map<String, String> env, Path dataDir, Path log)
      throws IOException {
    Files.createDirectories(dataDir);
    LauncherProcess worker = LauncherProcess.start(env, log, "worker");
    try {
      String ready = worker.awaitLine(READY, START);
      if (!ready.contains(" is up ")) {
        throw new AssertionError("unexpected worker line: " + ready + "; log " + log);
      }
      return worker;
    } catch (RuntimeException | Error e) {
      worker.close();
      throw e;
    }
  }
}

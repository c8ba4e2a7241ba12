package dev.editstream.it;

import dev.editstream.deploy.config.EditStreamConfig;
import java.nio.file.Path;
import java.util.Map;

/** Configurations of the embedded stack the integration tests start. */
final class TestStacks {
  private TestStacks() {}

  /**
   * The embedded stack on free ports with the committed bundles and no worker of its own: a test
   * runs workers in their own JVMs, or none.
   */
  static EditStreamConfig withoutWorker(Path dataDir) {
    return load(dataDir, "false");
  }

  /** The embedded stack on free ports with the committed bundles and its own workers. */
  static EditStreamConfig withWorker(Path dataDir) {
    return load(dataDir, "true");
  }

  private static EditStreamConfig load(Path dataDir, String worker) {
    return EditStreamConfig.load(
        null,
        Map.of(),
        Map.of(
            "editstream.data.dir", dataDir.toString(),
            "editstream.kafka.port", "0",
            "editstream.kafka.controller.port", "0",
            "editstream.registry.port", "0",
            "editstream.gateway.port", "0",
            "editstream.bundles.dir", "../models/bundles",
            "editstream.worker.enabled", worker));
  }
}

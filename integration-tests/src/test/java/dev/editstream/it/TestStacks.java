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

  /** {@link #withWorker(Path)} with further keys, e.g. an S3 blob store's. */
  static EditStreamConfig withWorker(Path dataDir, Map<String, String> more) {
    Map<String, String> overrides = new java.util.HashMap<>(overrides(dataDir, "true"));
    overrides.putAll(more);
    return EditStreamConfig.load(null, Map.of(), overrides);
  }

  /**
   * The embedded stack with its own workers and a gateway that requires a bearer token and takes
   * bodies up to the given size.
   */
  static EditStreamConfig withGateway(Path dataDir, String token, long maxBodyBytes) {
    Map<String, String> overrides = new java.util.HashMap<>(overrides(dataDir, "true"));
    overrides.put("editstream.gateway.token", token);
    overrides.put("editstream.gateway.max.body.bytes", Long.toString(maxBodyBytes));
    return EditStreamConfig.load(null, Map.of(), overrides);
  }

  private static EditStreamConfig load(Path dataDir, String worker) {
    return EditStreamConfig.load(null, Map.of(), overrides(dataDir, worker));
  }

  private static Map<String, String> overrides(Path dataDir, String worker) {
    return Map.of(
        "editstream.data.dir", dataDir.toString(),
        "editstream.kafka.port", "0",
        "editstream.kafka.controller.port", "0",
        "editstream.registry.port", "0",
        "editstream.gateway.port", "0",
        "editstream.metrics.port", "0",
        "editstream.bundles.dir", "../models/bundles",
        "editstream.worker.enabled", worker);
  }
}

package dev.editstream.deploy.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded broker keeps its data and listens.
 *
 * @param dataDir the broker's log directory; formatted on first start, reused afterwards
 * @param host the address both listeners bind to (127.0.0.1 by default)
 * @param port the client listener's port; 0 picks a free one
 * @param controllerPort the KRaft controller listener's port; 0 picks a free one
 */
public record BrokerSettings(Path dataDir, String host, int port, int controllerPort) {

  /** Checks the fields are present. */
  public BrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
  }
}

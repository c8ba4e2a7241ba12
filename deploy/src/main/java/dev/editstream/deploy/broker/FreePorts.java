package dev.editstream.deploy.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks configured ports before a server binds them, and picks free ones for port 0. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Returns {@code port} if it can be bound on {@code host}, or a free port when it is 0.
   *
   * <p>A KRaft quorum needs the controller's real port in its voter list before it starts, so an
   * ephemeral port is chosen here rather than by the server. Another process could take it in the
   * instant between this check and the bind; that only matters for tests, which retry nothing.
   *
   * @param host address to bind
   * @param port the configured port, or 0
   * @param key the configuration key, named in the error
   * @return a port that was free a moment ago
   * @throws BrokerStartException when the configured port is in use
   */
  public static int resolve(String host, int port, String key) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BrokerStartException(
          "port "
              + port
              + " on "
              + host
              + " is in use ("
              + key
              + "); is another editstream up running? Stop it or choose another port.",
          e);
    }
  }
}

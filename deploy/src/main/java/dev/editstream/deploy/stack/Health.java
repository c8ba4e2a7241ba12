package dev.editstream.deploy.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small liveness probes: can a port be reached, does a URL answer 200. */
public final class Health {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private Health() {}

  /**
   * Returns whether something accepts TCP connections at {@code host:port}.
   *
   * @param hostPort an address such as {@code 127.0.0.1:9092}; the first of a comma list is used
   */
  public static boolean reachable(String hostPort) {
    String first = hostPort.split(",")[0].trim();
    int colon = first.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))),
          (int) TIMEOUT.toMillis());
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /** Returns whether a GET of the URL answers 200. */
  public static boolean httpOk(String url) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package dev.editstream.deploy.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.editstream.schemas.avro.RequestState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /v1/requests/{id}} with a request's status, read from the flow's {@code
 * request-states} store (Kafka Streams interactive queries): 200 with the status document (see
 * {@link RequestStatusDocument}), 404 when the store holds nothing for the id, 503 while the store
 * is not queryable (starting, rebalancing). Binds the stack's host only. {@code editstream status}
 * is its client; the HTTP gateway will serve the same document.
 */
public final class StatusServer implements AutoCloseable {

  /** The path prefix of a request's status. */
  public static final String PREFIX = "/v1/requests/";

  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private StatusServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param states looks a request's state up
   */
  public static StatusServer start(
      String host, int port, Function<String, Optional<RequestState>> states) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(PREFIX, exchange -> answer(exchange, states));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    LOG.info("Status endpoint at http://{}:{}{}<id>", host, server.getAddress().getPort(), PREFIX);
    return new StatusServer(server);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8082}. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, Function<String, Optional<RequestState>> states)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, error("METHOD_NOT_ALLOWED", "only GET is served here"));
        return;
      }
      String id =
          URLDecoder.decode(
              exchange.getRequestURI().getRawPath().substring(PREFIX.length()),
              StandardCharsets.UTF_8);
      if (id.isEmpty() || id.contains("/")) {
        send(exchange, 404, error("NOT_FOUND", "expected " + PREFIX + "<request id>"));
        return;
      }
      Optional<RequestState> state;
      try {
        state = states.apply(id);
      } catch (InvalidStateStoreException e) {
        send(exchange, 503, error("NOT_READY", "the status store is not queryable yet; retry"));
        return;
      }
      if (state.isEmpty()) {
        send(
            exchange,
            404,
            error("UNKNOWN_REQUEST", "no state for request " + id + " (unknown, or purged)"));
        return;
      }
      send(exchange, 200, RequestStatusDocument.of(state.get()));
    }
  }

  private static Map<String, Object> error(String code, String message) {
    return Map.of("reasonCode", code, "message", message);
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

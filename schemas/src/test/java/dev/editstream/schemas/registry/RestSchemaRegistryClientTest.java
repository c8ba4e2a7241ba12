package dev.editstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted HTTP server: retries, failover, caching, auth. */
class RestSchemaRegistryClientTest {

  private HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    exchange.getRequestBody().readAllBytes();
    if (failuresLeft.getAndDecrement() > 0) {
      reply(exchange, 503, "{\"error_code\":50003,\"message\":\"Error while forwarding\"}");
    } else if (path.equals("/schemas/ids/1")) {
      reply(exchange, 200, "{\"schema\":\"\\\"string\\\"\"}");
    } else if (path.equals("/subjects/a%20b/versions")) {
      reply(exchange, 200, "{\"id\":7}");
    } else {
      reply(exchange, 404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private RestSchemaRegistryClient client(String urls, Object... extra) {
    Map<String, Object> config = new java.util.HashMap<>();
    config.put("schema.registry.url", urls);
    config.put("schema.registry.retry.backoff.ms", "1");
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return new RestSchemaRegistryClient(RegistryClientConfig.fromMap(config));
  }

  @Test
  void retriesServerErrorsThenCachesTheAnswer() {
    failuresLeft.set(2);
    RestSchemaRegistryClient client = client(url());
    assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
    assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
    assertThat(requests)
        .containsExactly("GET /schemas/ids/1", "GET /schemas/ids/1", "GET /schemas/ids/1");
  }

  @Test
  void givesUpAfterTheConfiguredRetries() {
    failuresLeft.set(100);
    RestSchemaRegistryClient client = client(url(), "schema.registry.max.retries", "2");
    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.errorCode()).isEqualTo(50003);
            });
    assertThat(requests).hasSize(3);
  }

  @Test
  void clientErrorsAreNotRetriedAndCarryTheErrorCode() {
    RestSchemaRegistryClient client = client(url());
    assertThatThrownBy(() -> client.latest("x"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40401);
              assertThat(e).hasMessageContaining("Subject 'x' not found.");
            });
    assertThat(requests).containsExactly("GET /subjects/x/versions/latest");
  }

  @Test
  void failsOverToTheNextUrlWhenOneIsDown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort + "," + url());
    assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
    assertThat(requests).containsExactly("GET /schemas/ids/1");
  }

  @Test
  void sendsBasicAuthAndEncodesSubjects() {
    RestSchemaRegistryClient client =
        client(
            url(),
            "basic.auth.credentials.source",
            "USER_INFO",
            "basic.auth.user.info",
            "fred:s3cret");
    assertThat(client.register("a b", Schema.create(Schema.Type.STRING))).isEqualTo(7);
    assertThat(client.register("a b", Schema.create(Schema.Type.STRING))).isEqualTo(7);
    assertThat(requests).containsExactly("POST /subjects/a%20b/versions");
    assertThat(authorizations).containsExactly("Basic ZnJlZDpzM2NyZXQ=");
  }
}

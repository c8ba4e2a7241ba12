package dev.editstream.deploy.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's Prometheus endpoint: one registry every part of the process records into ({@link
 * #registry()}), with the JVM's own meters, served at {@code GET /metrics} in the Prometheus text
 * format (OpenMetrics when the scraper asks for it). {@code up} serves one for all its parts;
 * {@code worker} and {@code processors} each serve their own. The meters are listed in {@code
 * docs/metrics.md}.
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** The path the scrape is served at. */
  public static final String PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final HttpServer server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
  }

  /**
   * Creates the registry and starts serving it.
   *
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param process what the process is, for the log line ({@code up}, {@code worker}, ...)
   * @throws IOException when the port cannot be bound
   */
  public static MetricsEndpoint start(String host, int port, String process) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      registry.close();
      throw e;
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    server.createContext(PATH, exchange -> answer(exchange, registry));
    // one thread: scrapes come every few seconds at most, and each is cheap
    server.setExecutor(Executors.newSingleThreadExecutor(MetricsEndpoint::daemon));
    server.start();
    MetricsEndpoint endpoint = new MetricsEndpoint(registry, gc, server);
    LOG.info("Metrics endpoint of {} at {}", process, endpoint.url());
    return endpoint;
  }

  /** The registry the process's parts record into. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Where the scrape is served, e.g. {@code http://127.0.0.1:9400/metrics}. */
  public String url() {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + PATH;
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found; the scrape is at " + PATH);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "only GET is served here");
        return;
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      String type =
          accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
      ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
      registry.scrape(body, type);
      exchange.getResponseHeaders().set("Content-Type", type);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : body.size());
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          body.writeTo(out);
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body, "metrics-endpoint");
    thread.setDaemon(true);
    return thread;
  }

  /** Stops serving and closes the registry. */
  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    gc.close();
    registry.close();
  }
}

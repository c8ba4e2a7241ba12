package dev.editstream.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.schemas.ReasonCode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway on Javalin (Jetty 12): the {@code /v1/edits} routes and the OpenAPI document at
 * {@link #OPENAPI}. Every call but the OpenAPI document's must carry the configured bearer token
 * when there is one (else 401 {@code UNAUTHORIZED}); a body over the limit is refused 413 {@code
 * BODY_TOO_LARGE} before it is read. Errors are JSON {@code {"reason": CODE, "message": ...}}.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(settings, KafkaBackend.connect(client, states, blobs))) {
 *   System.out.println(gateway.url() + "/v1/edits");
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

  /** The edits resource. */
  public static final String EDITS = "/v1/edits";

  /** Where the OpenAPI 3 document is served. */
  public static final String OPENAPI = "/v1/openapi.json";

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPENAPI_RESOURCE = "openapi.json";

  private final Javalin app;
  private final EventFeed feed;
  private final EditBackend backend;
  private final String url;

  private Gateway(Javalin app, EventFeed feed, EditBackend backend, String url) {
    this.app = app;
    this.feed = feed;
    this.backend = backend;
    this.url = url;
  }

  /**
   * Starts serving; the gateway owns the backend from here on and closes it with itself.
   *
   * @throws GatewayStartException when the port cannot be bound or the events cannot be followed
   */
  public static Gateway start(GatewaySettings settings, EditBackend backend) {
    byte[] openApi = openApiDocument();
    EventFeed feed;
    try {
      feed = EventFeed.start(backend.followEvents());
    } catch (RuntimeException e) {
      backend.close();
      throw new GatewayStartException("cannot follow progress and results: " + e.getMessage(), e);
    }
    EditRoutes routes =
        new EditRoutes(
            backend,
            new SubmissionLedger(settings.idempotencyRetention(), Clock.systemUTC()),
            feed);
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.http.prefer405over404 = true;
              config.jetty.multipartConfig.maxFileSize(settings.maxBodyBytes(), SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(
                  settings.maxBodyBytes(), SizeUnit.BYTES);
              config.routes.before(ctx -> admit(ctx, settings));
              config.routes.get(
                  OPENAPI, ctx -> ctx.contentType("application/json").result(openApi));
              config.routes.post(EDITS, routes::submit);
              config.routes.get(EDITS + "/{id}", routes::status);
              config.routes.delete(EDITS + "/{id}", routes::cancel);
              config.routes.get(EDITS + "/{id}/image", routes::image);
              config.routes.before(EDITS + "/{id}/events", routes::eventsKnown);
              config.routes.sse(EDITS + "/{id}/events", routes::events);
              config.routes.exception(GatewayError.class, Gateway::refused);
              config.routes.exception(
                  StatusUnavailableException.class,
                  (e, ctx) ->
                      refused(
                          new GatewayError(
                              503,
                              ReasonCode.STATUS_UNAVAILABLE,
                              "the status store is not queryable yet; retry: " + e.getMessage()),
                          ctx));
              config.routes.exception(HttpResponseException.class, Gateway::httpError);
              config.routes.exception(Exception.class, Gateway::fault);
            });
    try {
      app.start();
    } catch (RuntimeException e) {
      feed.close();
      backend.close();
      throw new GatewayStartException(
          "the gateway cannot listen on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
    String url = "http://" + settings.host() + ":" + app.port();
    LOG.info(
        "HTTP gateway at {}{} (token {}, bodies up to {} bytes)",
        url,
        EDITS,
        settings.requiredToken().isPresent() ? "required" : "not required",
        settings.maxBodyBytes());
    return new Gateway(app, feed, backend, url);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return url;
  }

  /** Event streams open now. */
  public int openEventStreams() {
    return feed.openStreams();
  }

  /** Checks the token and the declared body size before any handler reads the body. */
  private static void admit(Context ctx, GatewaySettings settings) {
    Optional<String> token = settings.requiredToken();
    if (token.isPresent() && !ctx.path().equals(OPENAPI)) {
      String given = ctx.header("Authorization");
      byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
      if (given == null
          || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new GatewayError(
            401,
            ReasonCode.UNAUTHORIZED,
            given == null
                ? "send Authorization: Bearer <token> (editstream.gateway.token)"
                : "the bearer token is not the gateway's");
      }
    }
    long length = ctx.req().getContentLengthLong();
    if (length > settings.maxBodyBytes()) {
      throw new GatewayError(
          413,
          ReasonCode.BODY_TOO_LARGE,
          "the body has "
              + length
              + " bytes; the gateway takes up to "
              + settings.maxBodyBytes()
              + " (editstream.gateway.max.body.bytes)");
    }
  }

  private static void refused(GatewayError e, Context ctx) {
    LOG.info(
        "{} {} refused {} {}: {}",
        ctx.method(),
        ctx.path(),
        e.status(),
        e.reason(),
        e.getMessage());
    error(ctx, e.status(), e.reason(), e.getMessage());
  }

  /** Javalin's own refusals: no route, wrong method, a body over the limit while it is read. */
  private static void httpError(HttpResponseException e, Context ctx) {
    ReasonCode code =
        switch (e.getStatus()) {
          case 404, 405 -> ReasonCode.ROUTE_NOT_FOUND;
          case 413 -> ReasonCode.BODY_TOO_LARGE;
          default -> ReasonCode.BODY_MALFORMED;
        };
    String message =
        code == ReasonCode.ROUTE_NOT_FOUND
            ? "no route " + ctx.method() + " " + ctx.path() + "; see " + OPENAPI
            : e.getMessage();
    refused(new GatewayError(e.getStatus(), code, message), ctx);
  }

  private static void fault(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    error(ctx, 500, ReasonCode.GATEWAY_FAULT.name(), e.toString());
  }

  private static void error(Context ctx, int status, String reason, String message) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("reason", reason);
    doc.put("message", message);
    json(ctx, status, doc);
  }

  static void json(Context ctx, int status, Object doc) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a response document must serialise", e);
    }
  }

  /** A request id as one path segment. */
  static String encode(String requestId) {
    return URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] openApiDocument() {
    try (InputStream in = Gateway.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the gateway's " + OPENAPI_RESOURCE + " is not packaged");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops serving, closes the open event streams, then the backend. */
  @Override
  public void close() {
    feed.close();
    app.stop();
    backend.close();
  }
}

package dev.editstream.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.editstream.schemas.registry.CompatibilityLevel;
import dev.editstream.schemas.registry.server.RegistryState.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API subset, with Confluent's paths, content type, status codes and error bodies:
 *
 * <pre>
 * GET  /                                       {}
 * GET  /schemas/types                          ["AVRO"]
 * GET  /schemas/ids/{id}                       {"schema":"..."}
 * GET  /subjects                               ["a-value", ...]
 * GET  /subjects/{s}/versions                  [1,2,3]
 * POST /subjects/{s}/versions                  {"id":1}
 * GET  /subjects/{s}/versions/{v|latest}       {"subject":s,"version":v,"id":id,"schema":"..."}
 * GET  /subjects/{s}/versions/{v|latest}/schema   the schema itself
 * POST /subjects/{s}                           lookup: {"subject":s,"version":v,"id":id,"schema":"..."}
 * POST /compatibility/subjects/{s}/versions[/{v|latest}]   {"is_compatible":true}
 * GET|PUT /config, /config/{s}                 {"compatibilityLevel":"BACKWARD"} / {"compatibility":"FULL"}
 * </pre>
 */
final class RegistryHttpHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistryService service;
  private final Optional<String> expectedAuthorization;

  RegistryHttpHandler(SchemaRegistryService service, Optional<String> userInfo) {
    this.service = service;
    this.expectedAuthorization =
        userInfo.map(
            info ->
                "Basic "
                    + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      Object body;
      try {
        authorize(exchange);
        body = route(exchange);
      } catch (RegistryError e) {
        status = e.status();
        body = error(e.errorCode(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn(
            "registry request {} {} failed",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e);
        status = 500;
        body = error(50001, "Error in the backend datastore: " + e.getMessage());
      }
      byte[] bytes =
          body instanceof String raw
              ? raw.getBytes(StandardCharsets.UTF_8)
              : JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void authorize(HttpExchange exchange) {
    if (expectedAuthorization.isEmpty()) {
      return;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (!expectedAuthorization.get().equals(given)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
      throw new RegistryError(401, 401, "Unauthorized");
    }
  }

  private Object route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    List<String> path = segments(exchange.getRequestURI().getRawPath());
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    if (n == 0) {
      return only(method, "GET", JSON.createObjectNode());
    }
    switch (first) {
      case "schemas":
        if (n == 2 && path.get(1).equals("types")) {
          return only(method, "GET", List.of("AVRO"));
        }
        if (n == 3 && path.get(1).equals("ids")) {
          only(method, "GET", null);
          ObjectNode answer = JSON.createObjectNode();
          answer.put("schema", service.byId(parseId(path.get(2))).schema().toString());
          return answer;
        }
        break;
      case "subjects":
        if (n == 1) {
          return only(method, "GET", service.subjects());
        }
        String subject = path.get(1);
        if (n == 2) {
          only(method, "POST", null);
          return versionBody(service.lookup(subject, schemaOf(exchange)));
        }
        if (n >= 3 && path.get(2).equals("versions")) {
          return versions(exchange, method, subject, path);
        }
        break;
      case "compatibility":
        if ((n == 4 || n == 5)
            && path.get(1).equals("subjects")
            && path.get(3).equals("versions")) {
          only(method, "POST", null);
          int version = n == 5 ? parseVersion(path.get(4)) : -1;
          List<String> problems =
              service.compatibilityProblems(path.get(2), version, schemaOf(exchange));
          ObjectNode answer = JSON.createObjectNode();
          answer.put("is_compatible", problems.isEmpty());
          if ("true".equals(query.get("verbose"))) {
            ArrayNode messages = answer.putArray("messages");
            problems.forEach(messages::add);
          }
          return answer;
        }
        break;
      case "config":
        if (n == 1 || n == 2) {
          return config(exchange, method, n == 2 ? path.get(1) : null, query);
        }
        break;
      default:
        break;
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found");
  }

  private Object versions(HttpExchange exchange, String method, String subject, List<String> path)
      throws IOException {
    int n = path.size();
    if (n == 3 && method.equals("GET")) {
      return service.versions(subject).stream().map(Version::version).toList();
    }
    if (n == 3) {
      only(method, "POST", null);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("id", service.register(subject, schemaOf(exchange)));
      return answer;
    }
    if (n == 4 || (n == 5 && path.get(4).equals("schema"))) {
      only(method, "GET", null);
      Version version = service.version(subject, parseVersion(path.get(3)));
      return n == 4 ? versionBody(version) : version.schema().toString();
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found");
  }

  private Object config(
      HttpExchange exchange, String method, String subject, Map<String, String> query)
      throws IOException {
    if (method.equals("PUT")) {
      JsonNode body = body(exchange);
      CompatibilityLevel level;
      try {
        level = CompatibilityLevel.parse(body.path("compatibility").asText(null));
      } catch (IllegalArgumentException e) {
        throw RegistryError.invalidCompatibilityLevel();
      }
      service.setLevel(subject, level);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("compatibility", level.name());
      return answer;
    }
    only(method, "GET", null);
    CompatibilityLevel level;
    if (subject == null) {
      level = service.globalLevel();
    } else {
      Optional<CompatibilityLevel> own = service.subjectLevel(subject);
      if (own.isEmpty() && !"true".equals(query.get("defaultToGlobal"))) {
        throw RegistryError.subjectLevelConfigNotFound(subject);
      }
      level = own.orElseGet(service::globalLevel);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("compatibilityLevel", level.name());
    return answer;
  }

  private static ObjectNode versionBody(Version version) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("subject", version.subject());
    answer.put("version", version.version());
    answer.put("id", version.id());
    answer.put("schema", version.schema().toString());
    return answer;
  }

  /** The {@code schema} field of a request body, after checking schemaType and references. */
  private static String schemaOf(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new RegistryError(
          422, 42201, "Invalid schema type " + type + ": only AVRO is supported");
    }
    if (body.path("references").size() > 0) {
      throw new RegistryError(422, 42201, "Invalid schema: schema references are not supported");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw new RegistryError(422, 42201, "Invalid schema: the schema field is empty");
    }
    return schema.asText();
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      JsonNode node;
      try {
        node = bytes.length == 0 ? null : JSON.readTree(bytes);
      } catch (IOException e) {
        throw new RegistryError(400, 400, "Unparsable JSON request body: " + e.getMessage());
      }
      if (node == null || !node.isObject()) {
        throw new RegistryError(400, 400, "The request body must be a JSON object");
      }
      return node;
    }
  }

  private static <T> T only(String method, String allowed, T answer) {
    if (!method.equals(allowed)) {
      throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
    }
    return answer;
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new RegistryError(404, 40403, "Schema " + text + " not found");
    }
  }

  /** A version number from 1, or -1 for {@code latest}; 42202 otherwise. */
  private static int parseVersion(String text) {
    if (text.equals("latest") || text.equals("-1")) {
      return -1;
    }
    try {
      int version = Integer.parseInt(text);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // falls through to the registry's answer for a bad version
    }
    throw RegistryError.invalidVersion(text);
  }

  private static ObjectNode error(int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error_code", code);
    body.put("message", message);
    return body;
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "true" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}

package dev.editstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over {@link HttpClient}. Works unchanged
 * against Confluent's registry and against {@code EmbeddedSchemaRegistry}.
 *
 * <p>Ids and schemas, once answered, are cached for the life of the client. Failures with a 5xx
 * status or an I/O error are retried with exponential backoff, moving to the next URL of the list;
 * 4xx answers are final and surface as {@link SchemaRegistryException} with Confluent's error code.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** The registry API's content type. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final Optional<String> authorization;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, RegisteredSchema>> lookups = new ConcurrentHashMap<>();

  /** A client for the configured URLs. */
  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    this.authorization =
        config
            .userInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> cached =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer known = cached.get(schema);
    if (known != null) {
      return known;
    }
    JsonNode answer =
        send(
            "POST",
            "/subjects/" + RegistryPaths.segment(subject) + "/versions",
            schemaBody(schema));
    int id = answer.path("id").asInt(-1);
    cached.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    Map<Schema, RegisteredSchema> cached =
        lookups.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    RegisteredSchema known = cached.get(schema);
    if (known != null) {
      return known;
    }
    RegisteredSchema found =
        registered(send("POST", "/subjects/" + RegistryPaths.segment(subject), schemaBody(schema)));
    cached.put(schema, found);
    return found;
  }

  @Override
  public Schema schemaById(int id) {
    Schema known = schemasById.get(id);
    if (known != null) {
      return known;
    }
    Schema schema = parse(send("GET", "/schemas/ids/" + id, null).path("schema").asText());
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(
        send("GET", "/subjects/" + RegistryPaths.segment(subject) + "/versions/latest", null));
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(
        send("GET", "/subjects/" + RegistryPaths.segment(subject) + "/versions/" + version, null));
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send("GET", "/subjects/" + RegistryPaths.segment(subject) + "/versions", null)
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public boolean isCompatible(String subject, String version, Schema schema) {
    String path =
        "/compatibility/subjects/"
            + RegistryPaths.segment(subject)
            + "/versions/"
            + RegistryPaths.segment(version);
    return send("POST", path, schemaBody(schema)).path("is_compatible").asBoolean(false);
  }

  @Override
  public String globalCompatibility() {
    return send("GET", "/config", null).path("compatibilityLevel").asText();
  }

  @Override
  public void setGlobalCompatibility(String level) {
    send("PUT", "/config", compatibilityBody(level));
  }

  @Override
  public String subjectCompatibility(String subject) {
    return send("GET", "/config/" + RegistryPaths.segment(subject) + "?defaultToGlobal=true", null)
        .path("compatibilityLevel")
        .asText();
  }

  @Override
  public void setSubjectCompatibility(String subject, String level) {
    send("PUT", "/config/" + RegistryPaths.segment(subject), compatibilityBody(level));
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String compatibilityBody(String level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level);
    return body.toString();
  }

  private RegisteredSchema registered(JsonNode node) {
    Schema schema = parse(node.path("schema").asText());
    int id = node.path("id").asInt(-1);
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(
        node.path("subject").asText(), node.path("version").asInt(), id, schema);
  }

  private static Schema parse(String text) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(200, -1, "registry returned an unparsable schema", e);
    }
  }

  /**
   * Sends one call, retrying 5xx answers and I/O failures across the URLs with exponential backoff.
   */
  private JsonNode send(String method, String pathAndQuery, String body) {
    SchemaRegistryException last = null;
    long backoff = config.retryBackoff().toMillis();
    for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
      URI base = config.urls().get(attempt % config.urls().size());
      try {
        return once(base, method, pathAndQuery, body);
      } catch (SchemaRegistryException e) {
        if (e.status() >= 400 && e.status() < 500) {
          throw e;
        }
        last = e;
      }
      if (attempt < config.maxRetries()) {
        LOG.warn(
            "schema registry call {} {} failed ({}), retrying in {} ms",
            method,
            pathAndQuery,
            last.getMessage(),
            backoff);
        pause(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    throw last;
  }

  private JsonNode once(URI base, String method, String pathAndQuery, String body) {
    URI uri = URI.create(stripSlash(base.toString()) + pathAndQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException(
          -1, -1, "cannot reach schema registry at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(-1, -1, "interrupted calling schema registry", e);
    }
    JsonNode answer = readJson(response.body());
    if (response.statusCode() / 100 != 2) {
      int code = answer == null ? -1 : answer.path("error_code").asInt(-1);
      String message =
          answer == null || !answer.hasNonNull("message")
              ? "HTTP " + response.statusCode() + " from " + method + " " + pathAndQuery
              : answer.get("message").asText();
      throw new SchemaRegistryException(response.statusCode(), code, message, null);
    }
    if (answer == null) {
      throw new SchemaRegistryException(
          response.statusCode(),
          -1,
          "schema registry answered " + method + " " + pathAndQuery + " with no JSON",
          null);
    }
    return answer;
  }

  private static JsonNode readJson(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(-1, -1, "interrupted while backing off", e);
    }
  }
}

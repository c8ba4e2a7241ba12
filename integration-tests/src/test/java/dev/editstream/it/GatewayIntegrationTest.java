package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.blob.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP gateway of a real stack (KRaft broker, registry, processors, worker) over real HTTP:
 * every route, an idempotent re-submission, a cancel, the server-sent events of a real edit, a call
 * without the token and an oversized body.
 */
class GatewayIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "it-token";
  private static final long MAX_BODY = 1 << 20;
  private static final Path RED_CIRCLE = Path.of("../samples/red-circle.png");
  private static final String CAPTION = "a large red circle on a blue background";

  @TempDir static Path dataDir;
  private static SingleMachineStack stack;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    stack = SingleMachineStack.start(TestStacks.withGateway(dataDir, TOKEN, MAX_BODY));
    base = stack.endpoints().gatewayUrl();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aRealEditIsSubmittedFollowedAsEventsAndFetched() throws Exception {
    HttpResponse<String> submitted =
        postJson(editJson("a large green circle on a blue background", 8), "it-green");
    assertThat(submitted.statusCode()).isEqualTo(202);
    assertThat(submitted.headers().firstValue("Location")).hasValue("/v1/edits/it-green");

    HttpResponse<java.util.stream.Stream<String>> stream =
        HTTP.send(
            authorised("/v1/edits/it-green/events")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    List<String> events = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    stream
        .body()
        .forEach(
            line -> {
              if (line.startsWith("event:")) {
                events.add(line.substring(6).trim());
              } else if (line.startsWith("data:")) {
                data.add(read(line.substring(5).trim()));
              }
            });
    // The stream ended by itself, after exactly one result, which came last.
    assertThat(events).contains("progress").endsWith("result");
    assertThat(events.stream().filter("result"::equals)).hasSize(1);
    JsonNode result = data.get(data.size() - 1);
    assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(data.get(0).path("stage").asText()).isNotEmpty();

    JsonNode status = read(get("/v1/edits/it-green").body());
    assertThat(status.path("stage").asText()).isEqualTo("TERMINAL");
    assertThat(status.path("result").path("reasonCode").asText()).isEqualTo("OK");
    assertThat(status.path("result").path("timingsMs").path("edit").asLong()).isPositive();

    HttpResponse<byte[]> image =
        HTTP.send(
            authorised("/v1/edits/it-green/image").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(Sha256.hex(image.body())).isEqualTo(result.path("image").path("sha256").asText());
  }

  @Test
  void aRetryWithTheSameKeyIsNotSubmittedTwiceAndAnotherBodyIsRefused() throws Exception {
    ClientSettings client = clientSettings();
    try (TopicFollower requests =
        TopicFollower.follow(client, List.of(Topics.EDIT_REQUESTS), false)) {
      String json = editJson("a large yellow circle on a blue background", 4);
      HttpResponse<String> first = postJson(json, "it-retry");
      HttpResponse<String> again = postJson(json, "it-retry");
      HttpResponse<String> other =
          postJson(editJson("a large pink circle on a blue background", 4), "it-retry");

      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(again.statusCode()).isEqualTo(202);
      assertThat(read(again.body()).path("replayed").asBoolean()).isTrue();
      assertThat(read(again.body()).path("requestId").asText()).isEqualTo("it-retry");
      assertThat(other.statusCode()).isEqualTo(422);
      assertThat(read(other.body()).path("reason").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

      // Once it has ended, every record for the id is on the topic: there is exactly one.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> read(get("/v1/edits/it-retry").body()).has("result"));
      List<Observed> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                seen.addAll(requests.poll(Duration.ofMillis(500)));
                return seen.stream().anyMatch(o -> o.key().equals("it-retry"));
              });
      seen.addAll(requests.poll(Duration.ofSeconds(1)));
      assertThat(seen.stream().filter(o -> o.key().equals("it-retry"))).hasSize(1);
    }
  }

  @Test
  void deleteCancelsAMultipartSubmission() throws Exception {
    String request =
        "{\"caption\": \""
            + CAPTION
            + "\", \"edit\": {\"kind\": \"sdedit\", \"prompt\":"
            + " \"a large purple circle on a blue background\", \"strength\": 0.9},"
            + " \"sampler\": {\"steps\": 400}}";
    HttpResponse<String> submitted =
        postMultipart(Files.readAllBytes(RED_CIRCLE), request, "it-cancel");
    assertThat(submitted.statusCode()).isEqualTo(202);

    HttpResponse<String> cancel =
        HTTP.send(
            authorised("/v1/edits/it-cancel").DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).isEqualTo(202);

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> read(get("/v1/edits/it-cancel").body()).has("result"));
    JsonNode result = read(get("/v1/edits/it-cancel").body()).path("result");
    assertThat(result.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(result.path("reasonCode").asText()).isEqualTo("CANCELLED_BY_CLIENT");
    HttpResponse<String> image = get("/v1/edits/it-cancel/image");
    assertThat(image.statusCode()).isEqualTo(409);
    assertThat(read(image.body()).path("reason").asText()).isEqualTo("CANCELLED_BY_CLIENT");
    HttpResponse<String> again =
        HTTP.send(
            authorised("/v1/edits/it-cancel").DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void callsWithoutTheTokenAndOversizedBodiesAreRefused() throws Exception {
    HttpResponse<String> noToken =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/edits"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        editJson("a large green circle on a blue background", 4)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(read(noToken.body()).path("reason").asText()).isEqualTo("UNAUTHORIZED");

    String big =
        "{\"image\": \"" + Base64.getEncoder().encodeToString(new byte[(int) MAX_BODY]) + "\"}";
    HttpResponse<String> oversized = postJson(big, null);
    assertThat(oversized.statusCode()).isEqualTo(413);
    assertThat(read(oversized.body()).path("reason").asText()).isEqualTo("BODY_TOO_LARGE");

    HttpResponse<String> unknown = get("/v1/edits/never-submitted");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(read(unknown.body()).path("reason").asText()).isEqualTo("UNKNOWN_REQUEST");

    HttpResponse<String> openApi =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/openapi.json")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(read(openApi.body()).path("paths").has("/v1/edits/{id}/events")).isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------

  private static String editJson(String prompt, int steps) throws IOException {
    return "{\"image\": \""
        + Base64.getEncoder().encodeToString(Files.readAllBytes(RED_CIRCLE))
        + "\", \"caption\": \""
        + CAPTION
        + "\", \"edit\": {\"kind\": \"sdedit\", \"prompt\": \""
        + prompt
        + "\", \"strength\": 0.5}, \"sampler\": {\"steps\": "
        + steps
        + ", \"seed\": 3}}";
  }

  private static ClientSettings clientSettings() {
    StackEndpoints e = stack.endpoints();
    return new ClientSettings(e.bootstrapServers(), e.registryUrl(), e.blobRoot());
  }

  private static HttpRequest.Builder authorised(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKEN);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(authorised(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String json, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        authorised("/v1/edits")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postMultipart(byte[] image, String request, String key)
      throws IOException, InterruptedException {
    String boundary = "it" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"red-circle.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.write(image);
    out.write(
        ("\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + request
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        authorised("/v1/edits")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}

package dev.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer over real HTTP, against a fake of the submission edge. */
class GatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeBackend backend;
  private Gateway gateway;

  @BeforeEach
  void start() {
    backend = new FakeBackend();
    gateway =
        Gateway.start(
            new GatewaySettings("127.0.0.1", 0, TOKEN, 4096, Duration.ofHours(1)), backend);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void submitsJsonAnswering202WithTheIdAndItsLocation() throws Exception {
    HttpResponse<String> r = post(body("a green circle on a blue background"), null);

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode doc = JSON.readTree(r.body());
    String id = doc.path("requestId").asText();
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/edits/" + id);
    assertThat(backend.submitted).hasSize(1);
    assertThat(backend.submitted.get(0).getRequestId()).isEqualTo(id);
    assertThat(backend.submitted.get(0).getSourceCaption())
        .isEqualTo("a red circle on a blue background");
    PromptEdit edit = (PromptEdit) backend.submitted.get(0).getEdit();
    assertThat(edit.getTargetPrompt()).isEqualTo("a green circle on a blue background");
    assertThat(backend.submitted.get(0).getSampler().getSeed()).isEqualTo(7L);

    // Before the status store holds it, the gateway still knows it submitted it.
    JsonNode status = JSON.readTree(get("/v1/edits/" + id, true).body());
    assertThat(status.path("stage").asText()).isEqualTo("SUBMITTED");
  }

  @Test
  void theSameKeyAndBodyGiveTheSameIdAndSubmitOnce() throws Exception {
    HttpResponse<String> first = post(body("a green circle on a blue background"), "order-17");
    HttpResponse<String> again = post(body("a green circle on a blue background"), "order-17");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(again.body()).path("requestId").asText()).isEqualTo("order-17");
    assertThat(JSON.readTree(again.body()).path("replayed").asBoolean()).isTrue();
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(backend.submitted).hasSize(1);
    assertThat(backend.submitted.get(0).getMetadata()).containsKey(EditRoutes.FINGERPRINT_KEY);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefused422() throws Exception {
    post(body("a green circle on a blue background"), "order-18");
    HttpResponse<String> other = post(body("a yellow circle on a blue background"), "order-18");

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(reason(other)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(backend.submitted).hasSize(1);
  }

  @Test
  void multipartAndJsonOfOneRequestShareTheirFingerprint() throws Exception {
    post(body("a green circle on a blue background"), "order-19");
    String request =
        "{\"caption\": \"a red circle on a blue background\", \"edit\": {\"kind\": \"replace\","
            + " \"prompt\": \"a green circle on a blue background\"}, \"sampler\": {\"seed\": 7}}";
    HttpResponse<String> r = postMultipart(PNG, request, "order-19");

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).path("replayed").asBoolean()).isTrue();
    assertThat(backend.submitted).hasSize(1);
  }

  @Test
  void multipartSubmitsTheImagePartsBytes() throws Exception {
    HttpResponse<String> r = postMultipart(PNG, "{\"edit\": {\"kind\": \"variation\"}}", null);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(backend.submitted).hasSize(1);
    java.nio.ByteBuffer image = (java.nio.ByteBuffer) backend.submitted.get(0).getImage();
    byte[] bytes = new byte[image.remaining()];
    image.get(bytes);
    assertThat(bytes).isEqualTo(PNG);
  }

  @Test
  void aKeyTheStatusStoreKnowsIsAnsweredFromItsFingerprint() throws Exception {
    // A gateway restarted since: its ledger is empty, the store has the request with its print.
    String json = body("a green circle on a blue background");
    String fingerprint = EditBody.fromJson(json.getBytes(StandardCharsets.UTF_8)).fingerprint();
    backend.states.put(
        "order-20",
        state(
            "order-20", RequestPhase.DISPATCHED, Map.of(EditRoutes.FINGERPRINT_KEY, fingerprint)));

    HttpResponse<String> same = post(json, "order-20");
    HttpResponse<String> other = post(body("a yellow circle on a blue background"), "order-20");

    assertThat(same.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(same.body()).path("replayed").asBoolean()).isTrue();
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(backend.submitted).isEmpty();
  }

  @Test
  void aCallWithoutTheTokenIsRefused401() throws Exception {
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(uri("/v1/edits/x")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(uri("/v1/edits"))
                .header("Authorization", "Bearer nope")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("a green circle")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(reason(none)).isEqualTo("UNAUTHORIZED");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(backend.submitted).isEmpty();
    // The description of the API is public.
    assertThat(get(Gateway.OPENAPI, false).statusCode()).isEqualTo(200);
  }

  @Test
  void anOversizedBodyIsRefused413() throws Exception {
    String big = "{\"image\": \"" + Base64.getEncoder().encodeToString(new byte[8000]) + "\"}";
    HttpResponse<String> r = post(big, null);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(reason(r)).isEqualTo("BODY_TOO_LARGE");
    assertThat(backend.submitted).isEmpty();
  }

  @Test
  void unreadableBodiesAreRefused400WithTheirCode() throws Exception {
    assertThat(reason(post("{not json", null))).isEqualTo("BODY_MALFORMED");
    assertThat(reason(post("{\"image\": \"" + b64(PNG) + "\"}", null))).isEqualTo("MISSING_FIELD");
    HttpResponse<String> typo =
        post(
            "{\"image\": \""
                + b64(PNG)
                + "\", \"edit\": {\"kind\": \"replace\", \"promt\": \"x\"}}",
            null);
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(typo.body()).path("message").asText()).contains("edit.promt");
    assertThat(backend.submitted).isEmpty();
  }

  @Test
  void unknownIdsAndRoutesAre404WithTheirCode() throws Exception {
    HttpResponse<String> unknown = get("/v1/edits/nobody", true);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(reason(unknown)).isEqualTo("UNKNOWN_REQUEST");
    assertThat(reason(get("/v1/edits/nobody/image", true))).isEqualTo("UNKNOWN_REQUEST");
    assertThat(
            reason(
                http.send(
                    authorised("/v1/edits/nobody/events")
                        .header("Accept", "text/event-stream")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())))
        .isEqualTo("UNKNOWN_REQUEST");
    assertThat(reason(get("/v2/nothing", true))).isEqualTo("ROUTE_NOT_FOUND");
  }

  @Test
  void aStoreNotQueryableIs503() throws Exception {
    backend.storeQueryable = false;
    HttpResponse<String> r = get("/v1/edits/any", true);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(reason(r)).isEqualTo("STATUS_UNAVAILABLE");
  }

  @Test
  void statusShowsTheResultAndItsMetrics() throws Exception {
    backend.states.put("done-1", ended("done-1", ResultStatus.SUCCEEDED, "OK", imageRef()));
    JsonNode doc = JSON.readTree(get("/v1/edits/done-1", true).body());

    assertThat(doc.path("stage").asText()).isEqualTo("TERMINAL");
    assertThat(doc.path("result").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(doc.path("result").path("timingsMs").path("edit").asLong()).isEqualTo(900);
    assertThat(doc.path("result").path("image").path("sha256").asText()).isEqualTo("ab".repeat(32));
  }

  @Test
  void theImageRouteGivesTheBytesOnlyOnceDone() throws Exception {
    backend.states.put("open-1", state("open-1", RequestPhase.DISPATCHED, Map.of()));
    backend.states.put("done-2", ended("done-2", ResultStatus.SUCCEEDED, "OK", imageRef()));
    backend.states.put(
        "gone-1", ended("gone-1", ResultStatus.CANCELLED, "CANCELLED_BY_CLIENT", null));
    backend.blobs.put(imageRef().getUri(), PNG);

    HttpResponse<byte[]> done =
        http.send(
            authorised("/v1/edits/done-2/image").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(done.body()).isEqualTo(PNG);

    HttpResponse<String> open = get("/v1/edits/open-1/image", true);
    assertThat(open.statusCode()).isEqualTo(409);
    assertThat(reason(open)).isEqualTo("RESULT_NOT_READY");
    HttpResponse<String> gone = get("/v1/edits/gone-1/image", true);
    assertThat(gone.statusCode()).isEqualTo(409);
    assertThat(reason(gone)).isEqualTo("CANCELLED_BY_CLIENT");
  }

  @Test
  void deleteSendsACancellationForAnOpenRequestOnly() throws Exception {
    backend.states.put("open-2", state("open-2", RequestPhase.DISPATCHED, Map.of()));
    backend.states.put("done-3", ended("done-3", ResultStatus.SUCCEEDED, "OK", imageRef()));

    HttpResponse<String> open = delete("/v1/edits/open-2");
    HttpResponse<String> done = delete("/v1/edits/done-3");
    HttpResponse<String> unknown = delete("/v1/edits/nobody");

    assertThat(open.statusCode()).isEqualTo(202);
    assertThat(backend.cancelled).containsExactly("open-2");
    assertThat(done.statusCode()).isEqualTo(409);
    assertThat(reason(done)).isEqualTo("OK");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void eventsStreamProgressThenTheResultAndEnd() throws Exception {
    backend.states.put("open-3", state("open-3", RequestPhase.DISPATCHED, Map.of()));
    CompletableFuture<HttpResponse<Stream<String>>> stream =
        http.sendAsync(
            authorised("/v1/edits/open-3/events")
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.openEventStreams() == 1);

    backend.events.add(progress("other", 1));
    backend.events.add(progress("open-3", 5));
    backend.events.add(ended("open-3", ResultStatus.SUCCEEDED, "OK", imageRef()).getEndResult());

    HttpResponse<Stream<String>> response = stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<String> events = new ArrayList<>();
    List<String> data = new ArrayList<>();
    response
        .body()
        .forEach(
            line -> {
              if (line.startsWith("event:")) {
                events.add(line.substring(6).trim());
              } else if (line.startsWith("data:")) {
                data.add(line.substring(5).trim());
              }
            });
    assertThat(events).containsExactly("progress", "result");
    assertThat(JSON.readTree(data.get(0)).path("step").asInt()).isEqualTo(5);
    assertThat(JSON.readTree(data.get(1)).path("status").asText()).isEqualTo("SUCCEEDED");
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openEventStreams() == 0);
  }

  @Test
  void eventsOfAnEndedRequestGiveItsResultAtOnce() throws Exception {
    backend.states.put("done-4", ended("done-4", ResultStatus.REJECTED, "UNKNOWN_BUNDLE", null));
    HttpResponse<String> r =
        http.send(
            authorised("/v1/edits/done-4/events").header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notAsked = get("/v1/edits/done-4/events", true);

    assertThat(notAsked.statusCode()).isEqualTo(406);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("event: result").contains("UNKNOWN_BUNDLE");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static String body(String prompt) {
    return "{\"image\": \""
        + b64(PNG)
        + "\", \"caption\": \"a red circle on a blue background\", \"edit\": {\"kind\":"
        + " \"replace\", \"prompt\": \""
        + prompt
        + "\"}, \"sampler\": {\"seed\": 7}}";
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private URI uri(String path) {
    return URI.create(gateway.url() + path);
  }

  private HttpRequest.Builder authorised(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<String> post(String json, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        authorised("/v1/edits")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postMultipart(byte[] image, String request, String key)
      throws IOException, InterruptedException {
    String boundary = "b" + System.nanoTime();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"image\";"
            + " filename=\"src.png\"\r\nContent-Type: image/png\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.UTF_8));
    out.write(image);
    String rest =
        "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
            + "Content-Type: application/json\r\n\r\n"
            + request
            + "\r\n--"
            + boundary
            + "--\r\n";
    out.write(rest.getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        authorised("/v1/edits")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, boolean withToken)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = withToken ? authorised(path) : HttpRequest.newBuilder(uri(path));
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return http.send(authorised(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String reason(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body()).path("reason").asText();
  }

  private static RequestState state(String id, RequestPhase phase, Map<String, String> metadata) {
    return RequestState.newBuilder()
        .setRequestId(id)
        .setPhase(phase)
        .setMetadata(metadata)
        .setDroppedOutcomes(0)
        .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  private static RequestState ended(String id, ResultStatus status, String code, BlobRef image) {
    EditResult result =
        EditResult.newBuilder()
            .setRequestId(id)
            .setStatus(status)
            .setReasonCode(code)
            .setMessage("done")
            .setResultImage(image)
            .setTimingsMs(Map.of("edit", 900L))
            .setMetadata(Map.of())
            .setCompletedAt(Instant.parse("2026-01-01T00:00:01Z"))
            .build();
    RequestState s = state(id, RequestPhase.TERMINAL, Map.of());
    s.setStatus(status);
    s.setEndResult(result);
    return s;
  }

  private static BlobRef imageRef() {
    return new BlobRef("file:sha256/ab/ab/" + "ab".repeat(32), "ab".repeat(32), 11L, "image/png");
  }

  private static EditProgress progress(String id, int step) {
    return EditProgress.newBuilder()
        .setRequestId(id)
        .setStage(Stage.EDIT)
        .setStep(step)
        .setTotalSteps(20)
        .setTimestamp(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }
}

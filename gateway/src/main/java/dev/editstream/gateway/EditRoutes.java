package dev.editstream.gateway;

import dev.editstream.producers.EditDraft;
import dev.editstream.producers.SubmitException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.blob.BlobStoreException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/edits} resource: submit, status, result image, events and cancel. Each handler
 * either answers or throws a {@link GatewayError}, which {@link Gateway} turns into the JSON error.
 */
final class EditRoutes {

  /** The metadata key that carries a keyed request's fingerprint into the status store. */
  static final String FINGERPRINT_KEY = "editstream.gateway.fingerprint";

  /** The header naming a client-chosen request id, for idempotent retries. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger LOG = LoggerFactory.getLogger(EditRoutes.class);

  private final EditBackend backend;
  private final SubmissionLedger ledger;
  private final EventFeed feed;

  EditRoutes(EditBackend backend, SubmissionLedger ledger, EventFeed feed) {
    this.backend = backend;
    this.ledger = ledger;
    this.feed = feed;
  }

  /** {@code POST /v1/edits}. */
  void submit(Context ctx) {
    EditBody body = ctx.isMultipartFormData() ? multipart(ctx) : json(ctx);
    String requestId = requestId(ctx.header(IDEMPOTENCY_KEY), body.requestId());
    if (requestId == null) {
      String id = submitDraft(body.draft().requestId(UUID.randomUUID().toString()));
      ledger.claim(id, body.fingerprint());
      LOG.info("Request {} submitted", id);
      accepted(ctx, id, false);
      return;
    }
    Optional<SubmissionLedger.Entry> earlier = ledger.claim(requestId, body.fingerprint());
    if (earlier.isPresent()) {
      replay(ctx, requestId, earlier.get().fingerprint(), body.fingerprint(), "this gateway");
      return;
    }
    Optional<RequestState> state;
    try {
      state = backend.state(requestId);
    } catch (RuntimeException e) {
      ledger.release(requestId);
      throw e;
    }
    if (state.isPresent()) {
      ledger.release(requestId);
      String stored = storedFingerprint(state.get());
      replay(ctx, requestId, stored, body.fingerprint(), "the status store");
      return;
    }
    try {
      submitDraft(body.draft().requestId(requestId).metadata(FINGERPRINT_KEY, body.fingerprint()));
    } catch (GatewayError e) {
      ledger.release(requestId);
      throw e;
    }
    LOG.info(
        "Request {} submitted (client-chosen id, fingerprint {})", requestId, body.fingerprint());
    accepted(ctx, requestId, false);
  }

  private void replay(
      Context ctx, String requestId, String earlier, String now, String whoRemembers) {
    if (!now.equals(earlier)) {
      LOG.info(
          "Request {} refused: id used before for another request (per {})",
          requestId,
          whoRemembers);
      throw new GatewayError(
          422,
          ReasonCode.IDEMPOTENCY_KEY_REUSED,
          "request id "
              + requestId
              + " was submitted before with a different body; use a new Idempotency-Key");
    }
    LOG.info("Request {} retried with the same body: not submitted again", requestId);
    accepted(ctx, requestId, true);
  }

  private static String storedFingerprint(RequestState state) {
    String fp = state.getMetadata() == null ? null : state.getMetadata().get(FINGERPRINT_KEY);
    if (fp == null && state.getRequest() != null) {
      fp = state.getRequest().getMetadata().get(FINGERPRINT_KEY);
    }
    return fp == null ? "" : fp;
  }

  private static String requestId(String header, String inBody) {
    if (header != null && header.isBlank()) {
      throw new GatewayError(400, ReasonCode.BODY_MALFORMED, IDEMPOTENCY_KEY + " is empty");
    }
    if (header != null && inBody != null && !header.equals(inBody)) {
      throw new GatewayError(
          400,
          ReasonCode.BODY_MALFORMED,
          IDEMPOTENCY_KEY + " and requestId differ; give one, or the same in both");
    }
    return header != null ? header : inBody;
  }

  private String submitDraft(EditDraft draft) {
    try {
      return backend.submit(draft);
    } catch (SubmitException e) {
      LOG.warn("Submission failed: {}", e.getMessage());
      throw new GatewayError(503, ReasonCode.SUBMISSION_FAULT, e.getMessage());
    } catch (IllegalStateException e) {
      throw new GatewayError(400, ReasonCode.MISSING_FIELD, e.getMessage());
    }
  }

  private static void accepted(Context ctx, String requestId, boolean replayed) {
    String location = Gateway.EDITS + "/" + Gateway.encode(requestId);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", requestId);
    doc.put("replayed", replayed);
    doc.put("status", location);
    doc.put("image", location + "/image");
    doc.put("events", location + "/events");
    ctx.header("Location", location);
    if (replayed) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Gateway.json(ctx, 202, doc);
  }

  private static EditBody json(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new GatewayError(
          415,
          ReasonCode.BODY_MALFORMED,
          "send application/json (the image base64 in \"image\") or multipart/form-data (parts"
              + " image, request, mask)");
    }
    return EditBody.fromJson(ctx.bodyAsBytes());
  }

  private static EditBody multipart(Context ctx) {
    UploadedFile image = ctx.uploadedFile("image");
    if (image == null) {
      throw new GatewayError(400, ReasonCode.MISSING_FIELD, "multipart needs an image file part");
    }
    UploadedFile requestFile = ctx.uploadedFile("request");
    String requestField = ctx.formParam("request");
    byte[] request =
        requestFile != null
            ? read(requestFile)
            : requestField == null ? null : requestField.getBytes(StandardCharsets.UTF_8);
    UploadedFile mask = ctx.uploadedFile("mask");
    return EditBody.fromParts(read(image), request, mask == null ? null : read(mask));
  }

  private static byte[] read(UploadedFile file) {
    try (InputStream in = file.content()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /v1/edits/{id}}. */
  void status(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<RequestState> state = backend.state(id);
    if (state.isPresent()) {
      Gateway.json(ctx, 200, StatusDocument.of(state.get()));
      return;
    }
    Optional<SubmissionLedger.Entry> submitted = ledger.find(id);
    if (submitted.isPresent()) {
      Gateway.json(ctx, 200, StatusDocument.submitted(id, submitted.get().at()));
      return;
    }
    throw unknown(id);
  }

  /** {@code GET /v1/edits/{id}/image}. */
  void image(Context ctx) {
    String id = ctx.pathParam("id");
    EditResult result = ended(id, "has no image yet");
    if (result.getResultImage() == null) {
      throw new GatewayError(
          409,
          result.getReasonCode(),
          "request "
              + id
              + " ended "
              + result.getStatus()
              + " without an image: "
              + result.getMessage());
    }
    byte[] bytes;
    try {
      bytes = backend.blob(result.getResultImage());
    } catch (BlobStoreException e) {
      LOG.warn("Image of {} not readable: {}", id, e.getMessage());
      throw new GatewayError(503, ReasonCode.BLOB_STORE_FAULT, e.getMessage());
    }
    ctx.status(200);
    ctx.contentType(result.getResultImage().getMediaType());
    ctx.header("ETag", "\"" + result.getResultImage().getSha256() + "\"");
    ctx.result(bytes);
  }

  /** Checks, before a stream starts, that the request exists: else a JSON 404, not a stream. */
  void eventsKnown(Context ctx) {
    String id = ctx.pathParam("id");
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin streams only to callers that ask for a stream; tell the others how to.
      throw new GatewayError(
          406,
          ReasonCode.ROUTE_NOT_FOUND,
          "events are a server-sent event stream: send Accept: text/event-stream");
    }
    if (backend.state(id).isEmpty() && ledger.find(id).isEmpty()) {
      throw unknown(id);
    }
  }

  /** {@code GET /v1/edits/{id}/events}. */
  void events(SseClient client) {
    String id = client.ctx().pathParam("id");
    LOG.info("Events of {} streamed", id);
    feed.subscribe(id, client, backend::state);
  }

  /** {@code DELETE /v1/edits/{id}}. */
  void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<RequestState> state = backend.state(id);
    if (state.isEmpty() && ledger.find(id).isEmpty()) {
      throw unknown(id);
    }
    EditResult result = state.map(RequestState::getEndResult).orElse(null);
    if (result != null) {
      throw new GatewayError(
          409,
          result.getReasonCode(),
          "request " + id + " already ended " + result.getStatus() + "; nothing to cancel");
    }
    String reason = ctx.queryParam("reason");
    try {
      backend.cancel(id, reason != null ? reason : "cancelled through the HTTP gateway");
    } catch (SubmitException e) {
      LOG.warn("Cancellation of {} failed: {}", id, e.getMessage());
      throw new GatewayError(503, ReasonCode.SUBMISSION_FAULT, e.getMessage());
    }
    LOG.info("Request {}: cancellation sent", id);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", id);
    doc.put("cancellation", "sent");
    doc.put("status", Gateway.EDITS + "/" + Gateway.encode(id));
    Gateway.json(ctx, 202, doc);
  }

  private EditResult ended(String id, String notYet) {
    Optional<RequestState> state = backend.state(id);
    if (state.isEmpty()) {
      if (ledger.find(id).isPresent()) {
        throw new GatewayError(409, ReasonCode.RESULT_NOT_READY, "request " + id + " " + notYet);
      }
      throw unknown(id);
    }
    EditResult result = state.get().getEndResult();
    if (result == null) {
      throw new GatewayError(
          409,
          ReasonCode.RESULT_NOT_READY,
          "request " + id + " " + notYet + " (" + state.get().getPhase() + ")");
    }
    return result;
  }

  private static GatewayError unknown(String id) {
    return new GatewayError(
        404,
        ReasonCode.UNKNOWN_REQUEST,
        "no request " + id + " is known (never submitted, or purged)");
  }
}

package dev.editstream.processors.intake;

import dev.editstream.processors.streams.StreamsApp;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake stage for one record: forget duplicates, validate, then route. A valid request goes to
 * {@code edit-requests-accepted}; an invalid one yields one REJECTED {@code EditResult} and a copy
 * on {@code edit-dlq} with the reason in its headers; every first occurrence leaves an {@code
 * AuditEvent}. A request id seen within the retention produces nothing.
 */
final class IntakeProcessor implements Processor<String, EditRequest, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeProcessor.class);

  private final RequestValidator validator;
  private final Serializer<EditRequest> dlqCopySerializer;
  private final Duration dedupRetention;
  private final Clock clock;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, Long> seen;
  private String component;

  IntakeProcessor(
      RequestValidator validator,
      Serializer<EditRequest> dlqCopySerializer,
      Duration dedupRetention,
      Clock clock) {
    this.validator = validator;
    this.dlqCopySerializer = dlqCopySerializer;
    this.dedupRetention = dedupRetention;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.seen = context.getStateStore(IntakeTopology.DEDUP_STORE);
    this.component = context.applicationId() + "/" + context.taskId();
    context.schedule(purgeInterval(dedupRetention), PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  /** See {@link StreamsApp#purgeInterval}. */
  static Duration purgeInterval(Duration retention) {
    return StreamsApp.purgeInterval(retention);
  }

  /** Forgets request ids first seen longer than the retention before {@code now}. */
  private void purge(long now) {
    long cutoff = now - dedupRetention.toMillis();
    int purged = 0;
    try (KeyValueIterator<String, Long> all = seen.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> entry = all.next();
        if (entry.value < cutoff) {
          seen.delete(entry.key);
          purged++;
        }
      }
    }
    if (purged > 0) {
      LOG.info("Forgot {} request ids older than {}", purged, dedupRetention);
    }
  }

  @Override
  public void process(Record<String, EditRequest> record) {
    Instant started = clock.instant();
    EditRequest request = record.value();
    if (request == null) {
      LOG.info("Ignoring tombstone with key {}", record.key());
      return;
    }
    String id = idOf(record);
    if (isDuplicate(id, record.timestamp())) {
      LOG.info("Request {} already taken in; duplicate ignored", id);
      return;
    }
    Optional<Rejection> rejection = validator.validate(record.key(), request);
    long intakeMs = Duration.between(started, clock.instant()).toMillis();
    if (rejection.isEmpty()) {
      LOG.info(
          "Request {} accepted ({}, bundle {})", id, editKind(request), request.getBundleName());
      context.forward(record.withKey(id), IntakeTopology.ACCEPTED_SINK);
      audit(record, id, "ACCEPTED", acceptedDetails(request, intakeMs));
    } else {
      Rejection r = rejection.get();
      LOG.info("Request {} ended {} {}: {}", id, r.reason().status(), r.reason(), r.detail());
      context.forward(
          record.withKey(id).withValue(rejected(id, request, r, intakeMs)),
          IntakeTopology.RESULTS_SINK);
      context.forward(deadLetter(record, id, r), IntakeTopology.DLQ_SINK);
      audit(
          record,
          id,
          r.reason().status().name(),
          Map.of("reasonCode", r.reason().name(), "message", r.message()));
    }
  }

  /** The request id: the value's, or (when that is empty) the key, or the record's position. */
  private String idOf(Record<String, EditRequest> record) {
    String id = record.value().getRequestId();
    if (id != null && !id.isBlank()) {
      return id;
    }
    if (record.key() != null && !record.key().isBlank()) {
      return record.key();
    }
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("unknown");
  }

  /** Records the id and reports whether it was already recorded within the retention. */
  private boolean isDuplicate(String id, long timestamp) {
    Long first = seen.get(id);
    if (first != null && timestamp - first < dedupRetention.toMillis()) {
      return true;
    }
    seen.put(id, timestamp);
    return false;
  }

  private EditResult rejected(String id, EditRequest request, Rejection r, long intakeMs) {
    return EditResult.newBuilder()
        .setRequestId(id)
        // REJECTED for the client's errors; FAILED when intake could not read what was sent
        .setStatus(r.reason().status())
        .setReasonCode(r.reason().name())
        .setMessage(r.message())
        .setTimingsMs(Map.of("intake", intakeMs))
        .setMetadata(request.getMetadata() == null ? Map.of() : request.getMetadata())
        .setCompletedAt(clock.instant())
        .build();
  }

  private Record<Object, Object> deadLetter(
      Record<String, EditRequest> record, String id, Rejection r) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    DeadLetterAndContinueHandler.put(headers, DeadLetterHeaders.REASON_CODE, r.reason().name());
    DeadLetterAndContinueHandler.put(headers, DeadLetterHeaders.REASON_MESSAGE, r.message());
    DeadLetterAndContinueHandler.put(headers, DeadLetterHeaders.STAGE, Stage.INTAKE.name());
    Optional<RecordMetadata> source = context.recordMetadata();
    if (source.isPresent()) {
      RecordMetadata m = source.get();
      DeadLetterAndContinueHandler.put(headers, DeadLetterHeaders.SOURCE_TOPIC, m.topic());
      DeadLetterAndContinueHandler.put(
          headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(m.partition()));
      DeadLetterAndContinueHandler.put(
          headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(m.offset()));
    }
    // The copy is the request in the wire format of edit-requests, so tools read it like the
    // original; with the same schema the bytes are the original's.
    byte[] value = dlqCopySerializer.serialize(Topics.EDIT_REQUESTS.name(), record.value());
    return new Record<>(
        (Object) id.getBytes(StandardCharsets.UTF_8), (Object) value, record.timestamp(), headers);
  }

  private void audit(
      Record<String, EditRequest> record, String id, String decision, Map<String, String> details) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setRequestId(id)
            .setStage(Stage.INTAKE)
            .setDecision(decision)
            .setDetails(details)
            .setComponent(component)
            .setTimestamp(clock.instant())
            .build();
    context.forward(
        new Record<Object, Object>(id, event, record.timestamp()), IntakeTopology.AUDIT_SINK);
  }

  private static Map<String, String> acceptedDetails(EditRequest request, long intakeMs) {
    Map<String, String> details = new HashMap<>();
    details.put("editKind", editKind(request));
    details.put("bundleName", request.getBundleName());
    if (request.getBundleVersion() != null) {
      details.put("bundleVersion", request.getBundleVersion());
    }
    if (request.getSampler().getDenoisingSteps() != null) {
      details.put("steps", Integer.toString(request.getSampler().getDenoisingSteps()));
    }
    if (request.getSampler().getGuidance() != null) {
      details.put("guidance", Float.toString(request.getSampler().getGuidance()));
    }
    if (request.getSampler().getSeed() != null) {
      details.put("seed", Long.toString(request.getSampler().getSeed()));
    }
    details.put("intakeMs", Long.toString(intakeMs));
    return details;
  }

  private static String editKind(EditRequest request) {
    return request.getEdit() == null ? "none" : request.getEdit().getClass().getSimpleName();
  }
}

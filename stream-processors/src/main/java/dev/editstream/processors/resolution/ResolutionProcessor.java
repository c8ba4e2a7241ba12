package dev.editstream.processors.resolution;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.ParkedRequest;
import dev.editstream.schemas.avro.ParkedRequests;
import dev.editstream.schemas.avro.Resolution;
import dev.editstream.schemas.avro.ResolutionOutcome;
import dev.editstream.schemas.avro.ResolutionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolution stage's one processor, for one {@link ResolutionStage}: single flight over a
 * compacted table. Its inputs, both keyed by the resolution key and co-partitioned, are the asks
 * ({@link ResolutionRequest}) and the table's records; so every ask for a key and that key's record
 * meet in one task, and with {@code exactly_once_v2} what it stores and what it emits commit
 * together.
 *
 * <ul>
 *   <li>RESOLVE, the key's usable record is stored: answer HIT at once.
 *   <li>RESOLVE, a job for the key is in flight: park the request behind it (once, however often it
 *       asks).
 *   <li>RESOLVE, neither: emit the ask's job (the key's one job) and park the request as its
 *       issuer.
 *   <li>WITHDRAW: the request was cancelled or expired; take it off the parked list, so it is never
 *       released. The job stays in flight: its record is still worth caching.
 *   <li>A usable record: store it and answer every parked request RELEASED.
 *   <li>A failed record: answer every parked request FAILED with the job's reason; nothing is
 *       stored, so a later ask issues a new job.
 *   <li>A tombstone: forget the key's record.
 * </ul>
 *
 * @param <R> the table's value type
 */
final class ResolutionProcessor<R extends SpecificRecord>
    implements Processor<String, SpecificRecord, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ResolutionProcessor.class);

  private final ResolutionStage<R> stage;
  private final ResolutionMetrics metrics;
  private final ResolutionNodes nodes;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, R> records;
  private KeyValueStore<String, ParkedRequests> parked;

  ResolutionProcessor(ResolutionStage<R> stage, ResolutionMetrics metrics) {
    this.stage = stage;
    this.metrics = metrics;
    this.nodes = new ResolutionNodes(stage);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.records = context.getStateStore(stage.recordsStore());
    this.parked = context.getStateStore(stage.parkedStore());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    String key = record.key();
    if (record.value() instanceof ResolutionRequest ask) {
      onAsk(key == null ? ask.getKey() : key, ask, now);
    } else if (record.value() == null) {
      LOG.info("{} {}: tombstone, record forgotten", stage.name(), key);
      records.delete(key);
    } else if (stage.recordType().isInstance(record.value())) {
      onRecord(key, stage.recordType().cast(record.value()), now);
    } else {
      LOG.warn("{} {}: ignoring a {}", stage.name(), key, record.value().getClass().getName());
    }
  }

  private void onAsk(String key, ResolutionRequest ask, Instant now) {
    switch (ask.getAction()) {
      case RESOLVE -> resolve(key, ask, now);
      case WITHDRAW -> withdraw(key, ask.getRequestId(), now);
      default ->
          LOG.warn(
              "{} {}: ask of request {} has no action; ignored",
              stage.name(),
              key,
              ask.getRequestId());
    }
  }

  private void resolve(String key, ResolutionRequest ask, Instant now) {
    String id = ask.getRequestId();
    R cached = records.get(key);
    if (cached != null) {
      metrics.hit();
      LOG.info("{} {}: hit for request {}", stage.name(), key, id);
      answer(id, key, ResolutionOutcome.HIT, false, 0, Optional.of(cached), null, now);
      audit(id, "HIT", Map.of("key", key), now);
      return;
    }
    ParkedRequests waiting = parked.get(key);
    if (waiting == null) {
      if (ask.getJob() == null) {
        answer(id, key, ResolutionOutcome.FAILED, false, 0, Optional.empty(), noJob(), now);
        return;
      }
      metrics.miss();
      context.forward(
          new Record<Object, Object>(key, ask.getJob(), now.toEpochMilli()), nodes.jobs());
      waiting =
          ParkedRequests.newBuilder()
              .setKey(key)
              .setJobIssuedAt(now)
              .setIssuedBy(id)
              .setParked(new ArrayList<>())
              .build();
      LOG.info("{} {}: miss for request {}, job issued", stage.name(), key, id);
      audit(id, "MISS", Map.of("key", key, "jobIssued", "true"), now);
    } else if (isParked(waiting, id)) {
      LOG.info("{} {}: request {} is already parked", stage.name(), key, id);
      return;
    } else {
      LOG.info(
          "{} {}: request {} parked behind the job of {}",
          stage.name(),
          key,
          id,
          waiting.getIssuedBy());
      audit(id, "PARKED", Map.of("key", key, "issuedBy", waiting.getIssuedBy()), now);
    }
    metrics.parked();
    List<ParkedRequest> list = new ArrayList<>(waiting.getParked());
    list.add(new ParkedRequest(id, now));
    parked.put(key, ParkedRequests.newBuilder(waiting).setParked(list).build());
  }

  private static boolean isParked(ParkedRequests waiting, String id) {
    return waiting.getParked().stream().anyMatch(p -> p.getRequestId().equals(id));
  }

  private void withdraw(String key, String id, Instant now) {
    ParkedRequests waiting = parked.get(key);
    if (waiting == null || !isParked(waiting, id)) {
      LOG.info("{} {}: request {} withdrawn, but it was not parked", stage.name(), key, id);
      return;
    }
    List<ParkedRequest> rest = new ArrayList<>();
    for (ParkedRequest p : waiting.getParked()) {
      if (p.getRequestId().equals(id)) {
        metrics.withdrawn(parkedMs(p, now));
      } else {
        rest.add(p);
      }
    }
    parked.put(key, ParkedRequests.newBuilder(waiting).setParked(rest).build());
    LOG.info("{} {}: request {} withdrawn; {} still parked", stage.name(), key, id, rest.size());
    audit(id, "WITHDRAWN", Map.of("key", key), now);
  }

  private void onRecord(String key, R value, Instant now) {
    Optional<ResolutionStage.Failure> failure = stage.failure().apply(value);
    ParkedRequests waiting = parked.get(key);
    List<ParkedRequest> list = waiting == null ? List.of() : waiting.getParked();
    if (failure.isEmpty()) {
      records.put(key, value);
    }
    parked.delete(key);
    LOG.info(
        "{} {}: record {}, {} parked request(s) answered",
        stage.name(),
        key,
        failure.map(f -> "FAILED " + f.reasonCode()).orElse("READY"),
        list.size());
    for (ParkedRequest p : list) {
      long waited = parkedMs(p, now);
      boolean issuer = p.getRequestId().equals(waiting.getIssuedBy());
      Map<String, String> details = new TreeMap<>();
      details.put("key", key);
      details.put("parkedMs", Long.toString(waited));
      details.put("jobIssued", Boolean.toString(issuer));
      if (failure.isEmpty()) {
        metrics.released(waited);
        answer(
            p.getRequestId(),
            key,
            ResolutionOutcome.RELEASED,
            issuer,
            waited,
            Optional.of(value),
            null,
            now);
        audit(p.getRequestId(), "RELEASED", details, now);
      } else {
        metrics.failed(waited);
        answer(
            p.getRequestId(),
            key,
            ResolutionOutcome.FAILED,
            issuer,
            waited,
            Optional.empty(),
            failure.get(),
            now);
        details.put("reasonCode", failure.get().reasonCode());
        audit(p.getRequestId(), "FAILED", details, now);
      }
    }
  }

  private static long parkedMs(ParkedRequest p, Instant now) {
    return Math.max(0, Duration.between(p.getParkedAt(), now).toMillis());
  }

  private ResolutionStage.Failure noJob() {
    return ResolutionStage.Failure.of(
        "ENGINE_FAULT",
        "a " + stage.name() + " ask for a key with no job in flight carried no job");
  }

  private void answer(
      String requestId,
      String key,
      ResolutionOutcome outcome,
      boolean issuedJob,
      long parkedMs,
      Optional<R> value,
      ResolutionStage.Failure failure,
      Instant now) {
    Resolution.Builder answer =
        Resolution.newBuilder()
            .setRequestId(requestId)
            .setKind(stage.kind())
            .setKey(key)
            .setOutcome(outcome)
            .setIssuedJob(issuedJob)
            .setParkedMs(parkedMs)
            .setResolvedAt(now);
    value.ifPresent(v -> stage.attach().accept(answer, v));
    if (failure != null) {
      answer.setReasonCode(failure.reasonCode()).setMessage(failure.message());
    }
    context.forward(
        new Record<Object, Object>(requestId, answer.build(), now.toEpochMilli()),
        nodes.resolutions());
  }

  private void audit(String requestId, String decision, Map<String, String> details, Instant now) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setRequestId(requestId)
            .setStage(stage.stage())
            .setDecision(stage.decisionPrefix() + "_" + decision)
            .setDetails(new TreeMap<>(details))
            .setComponent(context.applicationId() + "/" + context.taskId())
            .setTimestamp(now)
            .build();
    context.forward(
        new Record<Object, Object>(requestId, event, now.toEpochMilli()), nodes.audit());
  }
}

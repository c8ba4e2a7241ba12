package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One test's view of the shared broker: its own consumer group and request-id prefix (the topics
 * are shared with other tests), workers it closes at the end, producers of jobs and results, and
 * {@code read_committed} tails of what the workers publish.
 */
final class WorkerHarness implements AutoCloseable {

  private final KafkaClusterExtension kafka;
  private final String prefix;
  private final String groupId;
  private final Admin admin;
  private final KafkaProducer<String, EditJob> jobs;
  private final KafkaProducer<String, byte[]> raw;
  private final KafkaProducer<String, EditResult> results;
  private final List<EditWorker> workers = new ArrayList<>();
  private final List<Tail<?>> tails = new ArrayList<>();
  private boolean groupPlaced;

  WorkerHarness(KafkaClusterExtension kafka, String name) {
    this.kafka = kafka;
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.prefix = name + "-" + unique + "-";
    this.groupId = "workers-" + name + "-" + unique;
    this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    Map<String, Object> producer =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            0);
    this.jobs =
        new KafkaProducer<>(
            producer,
            new StringSerializer(),
            Topics.JOBS_EDIT.valueSerde(kafka.serdeConfig()).serializer());
    this.raw = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    this.results =
        new KafkaProducer<>(
            producer,
            new StringSerializer(),
            Topics.EDIT_RESULTS.valueSerde(kafka.serdeConfig()).serializer());
  }

  /** A request id unique to this test. */
  String id(String name) {
    return prefix + name;
  }

  /** Settings for a worker of this test's group, with short waits. */
  WorkerSettings.Builder settings(String workerId) {
    return WorkerSettings.builder(kafka.bootstrapServers(), kafka.serdeConfig())
        .groupId(groupId)
        .workerId(prefix + workerId)
        .backoff(Duration.ofMillis(50))
        .closeTimeout(Duration.ofSeconds(5))
        .resultsLookBack(Duration.ofMinutes(5));
  }

  /** Starts a worker; the group starts at the end of {@code jobs-edit}, past other tests' jobs. */
  EditWorker start(WorkerSettings.Builder settings, JobExecutor executor) throws Exception {
    return start(
        settings, executor, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** Starts a worker that records its meters in {@code meters}. */
  EditWorker start(
      WorkerSettings.Builder settings,
      JobExecutor executor,
      io.micrometer.core.instrument.MeterRegistry meters)
      throws Exception {
    if (!groupPlaced) {
      placeGroupAtEnd();
      groupPlaced = true;
    }
    EditWorker worker = EditWorker.start(settings.build(), executor, meters);
    workers.add(worker);
    return worker;
  }

  private void placeGroupAtEnd() throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Topics.JOBS_EDIT.partitions(); p++) {
      latest.put(new TopicPartition(Topics.JOBS_EDIT.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
    admin.alterConsumerGroupOffsets(groupId, ends).all().get();
  }

  /** Sends a job to a partition of {@code jobs-edit}. */
  RecordMetadata send(int partition, EditJob job) throws Exception {
    return jobs.send(
            new ProducerRecord<>(Topics.JOBS_EDIT.name(), partition, job.getRequestId(), job))
        .get();
  }

  /** Sends raw bytes to a partition of {@code jobs-edit}. */
  RecordMetadata sendRaw(int partition, String key, byte[] value) throws Exception {
    return raw.send(new ProducerRecord<>(Topics.JOBS_EDIT.name(), partition, key, value)).get();
  }

  /** Writes a terminal result for a request, as the results stage would. */
  void sendResult(String requestId, ResultStatus status, String reasonCode) throws Exception {
    EditResult result =
        EditResult.newBuilder()
            .setRequestId(requestId)
            .setStatus(status)
            .setReasonCode(reasonCode)
            .setMessage("decided by the test")
            .setCompletedAt(Instant.now())
            .build();
    results.send(new ProducerRecord<>(Topics.EDIT_RESULTS.name(), requestId, result)).get();
  }

  /** Outcomes of this test's requests. */
  Tail<WorkerOutcome> outcomes() {
    return tail(new Tail<>(kafka.bootstrapServers(), Topics.WORKER_OUTCOMES, serde(), mine()));
  }

  /** Metrics of this test's requests. */
  Tail<EditMetrics> metrics() {
    return tail(new Tail<>(kafka.bootstrapServers(), Topics.EDIT_METRICS, serde(), mine()));
  }

  /** Audit events of this test's requests. */
  Tail<AuditEvent> audit() {
    return tail(new Tail<>(kafka.bootstrapServers(), Topics.EDIT_AUDIT, serde(), mine()));
  }

  /** Progress of this test's requests. */
  Tail<EditProgress> progress() {
    return tail(new Tail<>(kafka.bootstrapServers(), Topics.EDIT_PROGRESS, serde(), mine()));
  }

  /** The group's committed offset of a partition of {@code jobs-edit}, or -1. */
  long committed(int partition) throws Exception {
    OffsetAndMetadata offset =
        admin
            .listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata()
            .get()
            .get(new TopicPartition(Topics.JOBS_EDIT.name(), partition));
    return offset == null ? -1 : offset.offset();
  }

  /** The member ids of the group now. */
  Set<String> members() throws Exception {
    return admin
        .describeConsumerGroups(List.of(groupId))
        .describedGroups()
        .get(groupId)
        .get()
        .members()
        .stream()
        .map(MemberDescription::consumerId)
        .collect(Collectors.toSet());
  }

  private Map<String, Object> serde() {
    return kafka.serdeConfig();
  }

  private java.util.function.Predicate<String> mine() {
    return key -> key.startsWith(prefix);
  }

  private <V> Tail<V> tail(Tail<V> tail) {
    tails.add(tail);
    return tail;
  }

  @Override
  public void close() {
    for (EditWorker worker : workers) {
      worker.close(Duration.ZERO);
    }
    for (Tail<?> tail : tails) {
      tail.close();
    }
    jobs.close();
    raw.close();
    results.close();
    admin.close();
  }
}

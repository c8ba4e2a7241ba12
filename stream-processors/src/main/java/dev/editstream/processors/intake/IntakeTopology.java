package dev.editstream.processors.intake;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The intake topology: {@code edit-requests} in; {@code edit-requests-accepted}, {@code
 * edit-results} (REJECTED), {@code edit-dlq} and {@code edit-audit} out.
 *
 * <pre>
 * edit-requests ─▶ intake (de-duplicate by request id, validate) ─┬─▶ edit-requests-accepted
 *                       │ intake-request-ids (key-value store)     ├─▶ edit-results  (REJECTED)
 *                                                                  ├─▶ edit-dlq      (copy + reason)
 *                                                                  └─▶ edit-audit    (every decision)
 * </pre>
 *
 * <p>Request ids are remembered, with the timestamp of their first record, in a persistent store
 * (changelogged, so a restarted or moved task remembers too); an id seen again within the
 * de-duplication retention produces nothing. A wall-clock punctuation forgets ids older than the
 * retention (every tenth of it, at most hourly). Records are keyed by request id, so all
 * occurrences of an id meet in one task.
 */
public final class IntakeTopology {

  /** The state store of request ids already taken in. */
  public static final String DEDUP_STORE = "intake-request-ids";

  static final String SOURCE = "edit-requests-source";
  static final String PROCESSOR = "intake";
  static final String ACCEPTED_SINK = "accepted-sink";
  static final String RESULTS_SINK = "results-sink";
  static final String DLQ_SINK = "dlq-sink";
  static final String AUDIT_SINK = "audit-sink";

  private IntakeTopology() {}

  /**
   * Builds the topology.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   * @param validator decides each request
   * @param dedupRetention how long a request id is remembered
   * @param clock the time stamped on results and audit events
   * @return the topology, ready for {@code KafkaStreams} or {@code TopologyTestDriver}
   */
  public static Topology build(
      Map<String, ?> registryConfig,
      RequestValidator validator,
      Duration dedupRetention,
      Clock clock) {
    Serde<EditRequest> requests = Topics.EDIT_REQUESTS.valueSerde(registryConfig);
    Serde<EditRequest> accepted = Topics.EDIT_REQUESTS_ACCEPTED.valueSerde(registryConfig);
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        Topics.EDIT_REQUESTS.keySerde(registryConfig).deserializer(),
        requests.deserializer(),
        Topics.EDIT_REQUESTS.name());
    topology.addProcessor(
        PROCESSOR,
        () -> new IntakeProcessor(validator, requests.serializer(), dedupRetention, clock),
        SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DEDUP_STORE), Serdes.String(), Serdes.Long()),
        PROCESSOR);
    topology.addSink(
        ACCEPTED_SINK,
        Topics.EDIT_REQUESTS_ACCEPTED.name(),
        Topics.EDIT_REQUESTS_ACCEPTED.keySerde(registryConfig).serializer(),
        accepted.serializer(),
        PROCESSOR);
    topology.addSink(
        RESULTS_SINK,
        Topics.EDIT_RESULTS.name(),
        Topics.EDIT_RESULTS.keySerde(registryConfig).serializer(),
        Topics.EDIT_RESULTS.valueSerde(registryConfig).serializer(),
        PROCESSOR);
    topology.addSink(
        DLQ_SINK,
        Topics.EDIT_DLQ.name(),
        Topics.EDIT_DLQ.keySerde(registryConfig).serializer(),
        Topics.EDIT_DLQ.valueSerde(registryConfig).serializer(),
        PROCESSOR);
    topology.addSink(
        AUDIT_SINK,
        Topics.EDIT_AUDIT.name(),
        Topics.EDIT_AUDIT.keySerde(registryConfig).serializer(),
        Topics.EDIT_AUDIT.valueSerde(registryConfig).serializer(),
        PROCESSOR);
    return topology;
  }
}

package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.DispatchProcessor;
import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.results.Decisions;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.processors.results.ResultsProcessor;
import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.Topology;

/**
 * The flow topology: dispatch and the results stage, sharing one state store. {@code
 * edit-requests-accepted}, {@code worker-outcomes} and {@code edit-cancellations} in; {@code
 * jobs-edit}, {@code edit-results} and {@code edit-audit} out.
 *
 * <pre>
 * edit-requests-accepted ─▶ dispatch ─┬─▶ jobs-edit     (one EditJob per dispatched request)
 *                              │      ├─▶ edit-results  (CANCELLED, EXPIRED, REJECTED or FAILED
 *                              │      │                  when no job can go out)
 *                              │      └─▶ edit-audit    (every decision)
 *                request-states (key-value store: one RequestState per request id)
 *                              │
 * worker-outcomes ────────┐    │
 *                         ├─▶ results ─┬─▶ edit-results  (the one terminal result)
 * edit-cancellations ─────┘    │       └─▶ edit-audit    (every decision)
 *                              └ wall-clock punctuations: deadlines (EXPIRED), purge
 * </pre>
 *
 * <p>Both processors use one store, so Kafka Streams puts them, and the three input topics, in one
 * sub-topology: task {@code p} reads partition {@code p} of each. The inputs must therefore be
 * co-partitioned: keyed by request id with the default partitioner and with equal partition counts
 * (the catalogue gives every data topic {@link Topics#DATA_PARTITIONS}). Then every record of a
 * request meets the same state, and the result, the state change and the input's offset commit in
 * one transaction ({@code exactly_once_v2}): one result per request id, whatever repeats.
 */
public final class FlowTopology {

  static final String ACCEPTED_SOURCE = "edit-requests-accepted-source";
  static final String OUTCOMES_SOURCE = "worker-outcomes-source";
  static final String CANCELLATIONS_SOURCE = "edit-cancellations-source";
  static final String DISPATCH = "dispatch";
  static final String RESULTS = "results";

  private FlowTopology() {}

  /**
   * Builds the topology.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   * @param jobs makes each accepted request's job
   * @param deadlineCheckInterval how often dispatched requests are checked for passed deadlines
   * @param retention how long ended (and cancel-first) request states are kept, which is how long a
   *     repeated outcome or cancellation is still recognised
   * @param droppedOutcomes counts worker outcomes dropped by every task
   * @return the topology, ready for {@code KafkaStreams} or {@code TopologyTestDriver}
   */
  public static Topology build(
      Map<String, ?> registryConfig,
      JobFactory jobs,
      Duration deadlineCheckInterval,
      Duration retention,
      LongAdder droppedOutcomes) {
    Topology topology = new Topology();
    source(topology, ACCEPTED_SOURCE, Topics.EDIT_REQUESTS_ACCEPTED, registryConfig);
    source(topology, OUTCOMES_SOURCE, Topics.WORKER_OUTCOMES, registryConfig);
    source(topology, CANCELLATIONS_SOURCE, Topics.EDIT_CANCELLATIONS, registryConfig);
    topology.addProcessor(DISPATCH, () -> new DispatchProcessor(jobs), ACCEPTED_SOURCE);
    topology.addProcessor(
        RESULTS,
        () -> new ResultsProcessor(deadlineCheckInterval, retention, droppedOutcomes),
        OUTCOMES_SOURCE,
        CANCELLATIONS_SOURCE);
    topology.addStateStore(RequestStates.store(registryConfig), DISPATCH, RESULTS);
    sink(topology, DispatchProcessor.JOBS_SINK, Topics.JOBS_EDIT, registryConfig, DISPATCH);
    sink(topology, Decisions.RESULTS_SINK, Topics.EDIT_RESULTS, registryConfig, DISPATCH, RESULTS);
    sink(topology, Decisions.AUDIT_SINK, Topics.EDIT_AUDIT, registryConfig, DISPATCH, RESULTS);
    return topology;
  }

  private static void source(
      Topology topology, String name, Topic<String, ?> topic, Map<String, ?> registryConfig) {
    topology.addSource(
        name,
        topic.keySerde(registryConfig).deserializer(),
        topic.valueSerde(registryConfig).deserializer(),
        topic.name());
  }

  private static <V> void sink(
      Topology topology,
      String name,
      Topic<String, V> topic,
      Map<String, ?> registryConfig,
      String... parents) {
    topology.addSink(
        name,
        topic.name(),
        topic.keySerde(registryConfig).serializer(),
        topic.valueSerde(registryConfig).serializer(),
        parents);
  }
}

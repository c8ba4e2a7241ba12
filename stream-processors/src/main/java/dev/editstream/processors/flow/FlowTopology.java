package dev.editstream.processors.flow;

import dev.editstream.processors.dispatch.DispatchProcessor;
import dev.editstream.processors.dispatch.JobFactory;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.processors.resolution.ResolutionTopology;
import dev.editstream.processors.resolution.TableView;
import dev.editstream.processors.results.Decisions;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.processors.results.ResultsProcessor;
import dev.editstream.processors.streams.TopicNodes;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * The flow topology: dispatch and the results stage, sharing one state store, and the two
 * resolution stages (captions, inversions) they ask.
 *
 * <pre>
 * edit-requests-accepted ─┐
 * resolutions ────────────┴▶ dispatch ─┬─▶ caption-requests, inversion-requests (asks)
 *                              │       ├─▶ jobs-edit     (one EditJob per dispatched request)
 *                              │       ├─▶ edit-results  (CANCELLED, EXPIRED, REJECTED or FAILED
 *                              │       │                  when no job can go out)
 *                              │       └─▶ edit-audit    (every decision)
 *                request-states (key-value store: one RequestState per request id)
 *                              │
 * worker-outcomes ────────┐    │
 * edit-cancellations ─────┼─▶ results ─┬─▶ edit-results  (the one terminal result)
 * edit-progress ──────────┘    │       ├─▶ caption-requests, inversion-requests (withdrawals)
 *                              │       └─▶ edit-audit    (every decision)
 *                              └ wall-clock punctuations: deadlines (EXPIRED), purge
 *
 * caption-requests + captions     ─▶ caption resolution   ─▶ jobs-caption, resolutions, edit-audit
 * inversion-requests + inversions ─▶ inversion resolution ─▶ jobs-invert, resolutions, edit-audit
 * </pre>
 *
 * <p>Dispatch and results use one store, so Kafka Streams puts them, and their input topics, in one
 * sub-topology: task {@code p} reads partition {@code p} of each. The inputs must therefore be
 * co-partitioned: keyed by request id with the default partitioner and with equal partition counts
 * (the catalogue gives every data topic {@link Topics#DATA_PARTITIONS}). Then every record of a
 * request meets the same state, and the result, the state change and the input's offset commit in
 * one transaction ({@code exactly_once_v2}): one result per request id, whatever repeats. Each
 * resolution stage is its own sub-topology keyed by its resolution key (see {@link
 * ResolutionTopology}); the requests' answers come back through {@code resolutions}, keyed by
 * request id. Before it asks, dispatch looks the key up in a {@link TableView} of the stage's
 * table: a record already there is a hit answered at once, without the round trip.
 */
public final class FlowTopology {

  static final String ACCEPTED_SOURCE = "edit-requests-accepted-source";
  static final String RESOLUTIONS_SOURCE = "resolutions-source";
  static final String OUTCOMES_SOURCE = "worker-outcomes-source";
  static final String CANCELLATIONS_SOURCE = "edit-cancellations-source";
  static final String PROGRESS_SOURCE = "edit-progress-source";
  static final String DISPATCH = "dispatch";
  static final String RESULTS = "results";

  private FlowTopology() {}

  /**
   * Builds the topology.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   * @param jobs decides each accepted request's steps
   * @param views what dispatch looks a key up in before it asks a stage ({@link TableView#none()}:
   *     always ask)
   * @param deadlineCheckInterval how often open requests are checked for passed deadlines
   * @param retention how long ended (and cancel-first) request states are kept, which is how long a
   *     repeated outcome or cancellation is still recognised
   * @param counters what every task counts
   * @return the topology, ready for {@code KafkaStreams} or {@code TopologyTestDriver}
   */
  public static Topology build(
      Map<String, ?> registryConfig,
      JobFactory jobs,
      TableView views,
      Duration deadlineCheckInterval,
      Duration retention,
      FlowCounters counters) {
    Topology topology = new Topology();
    TopicNodes.source(topology, ACCEPTED_SOURCE, Topics.EDIT_REQUESTS_ACCEPTED, registryConfig);
    TopicNodes.source(topology, RESOLUTIONS_SOURCE, Topics.RESOLUTIONS, registryConfig);
    TopicNodes.source(topology, OUTCOMES_SOURCE, Topics.WORKER_OUTCOMES, registryConfig);
    TopicNodes.source(topology, CANCELLATIONS_SOURCE, Topics.EDIT_CANCELLATIONS, registryConfig);
    TopicNodes.source(topology, PROGRESS_SOURCE, Topics.EDIT_PROGRESS, registryConfig);
    topology.addProcessor(
        DISPATCH,
        () -> new DispatchProcessor(jobs, views, counters::of),
        ACCEPTED_SOURCE,
        RESOLUTIONS_SOURCE);
    topology.addProcessor(
        RESULTS,
        () ->
            new ResultsProcessor(deadlineCheckInterval, retention, counters.droppedOutcomesAdder()),
        OUTCOMES_SOURCE,
        CANCELLATIONS_SOURCE,
        PROGRESS_SOURCE);
    topology.addStateStore(RequestStates.store(registryConfig), DISPATCH, RESULTS);
    TopicNodes.sink(
        topology, DispatchProcessor.JOBS_SINK, Topics.JOBS_EDIT, registryConfig, DISPATCH);
    TopicNodes.sink(
        topology, Decisions.RESULTS_SINK, Topics.EDIT_RESULTS, registryConfig, DISPATCH, RESULTS);
    TopicNodes.sink(
        topology, Decisions.AUDIT_SINK, Topics.EDIT_AUDIT, registryConfig, DISPATCH, RESULTS);
    for (ResolutionStage<?> stage : ResolutionStage.all()) {
      TopicNodes.sink(
          topology, stage.requestsSink(), stage.requests(), registryConfig, DISPATCH, RESULTS);
    }
    ResolutionTopology.add(topology, ResolutionStage.CAPTIONS, registryConfig, counters.captions());
    ResolutionTopology.add(
        topology, ResolutionStage.INVERSIONS, registryConfig, counters.inversions());
    return topology;
  }
}

package dev.editstream.processors.resolution;

import dev.editstream.processors.streams.TopicNodes;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.ParkedRequests;
import dev.editstream.schemas.serde.AvroSerdes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds one resolution stage to a topology: its two sources (asks and table), its processor, its two
 * changelogged stores and its sinks (the key's job, the answers on {@code resolutions}, audit
 * events on {@code edit-audit}). Each stage is its own sub-topology, partitioned by its key; the
 * answers go back to the flow, partitioned by request id, through {@code resolutions}.
 *
 * <pre>
 * &lt;kind&gt;-requests ─┐                         ┌─▶ jobs-&lt;kind&gt;   (one job per key in flight)
 *                 ├─▶ &lt;kind&gt;-resolution ──┼─▶ resolutions   (HIT, RELEASED, FAILED per request)
 * &lt;table&gt; ────────┘   &lt;kind&gt;-records,       └─▶ edit-audit    (HIT, MISS, PARKED, RELEASED, ...)
 *                     &lt;kind&gt;-parked
 * </pre>
 */
public final class ResolutionTopology {

  private ResolutionTopology() {}

  /**
   * Adds a stage.
   *
   * @param topology the topology to add to
   * @param stage the stage
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   * @param metrics where the stage counts what it does
   * @param <R> the table's value type
   */
  public static <R extends SpecificRecord> void add(
      Topology topology,
      ResolutionStage<R> stage,
      Map<String, ?> registryConfig,
      ResolutionMetrics metrics) {
    ResolutionNodes nodes = new ResolutionNodes(stage);
    TopicNodes.source(topology, nodes.requestsSource(), stage.requests(), registryConfig);
    TopicNodes.source(topology, nodes.tableSource(), stage.table(), registryConfig);
    topology.addProcessor(
        nodes.processor(),
        () -> new ResolutionProcessor<>(stage, metrics),
        nodes.requestsSource(),
        nodes.tableSource());
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(stage.recordsStore()),
            Serdes.String(),
            AvroSerdes.specific(stage.recordType(), registryConfig, false)),
        nodes.processor());
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(stage.parkedStore()),
            Serdes.String(),
            AvroSerdes.specific(ParkedRequests.class, registryConfig, false)),
        nodes.processor());
    TopicNodes.sink(topology, nodes.jobs(), stage.jobs(), registryConfig, nodes.processor());
    TopicNodes.sink(
        topology, nodes.resolutions(), Topics.RESOLUTIONS, registryConfig, nodes.processor());
    TopicNodes.sink(topology, nodes.audit(), Topics.EDIT_AUDIT, registryConfig, nodes.processor());
  }
}

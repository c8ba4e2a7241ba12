package dev.editstream.processors.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.processors.results.RequestStates;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class FlowTopologyTest {

  @Test
  void putsTheThreeInputsAndTheSharedStoreInOneSubTopology() {
    TopologyDescription description =
        FlowTopology.build(
                Map.of("schema.registry.url", "mock://flow-topology-test"),
                new PlainJobFactory(),
                Duration.ofSeconds(1),
                Duration.ofDays(7),
                new LongAdder())
            .describe();

    assertThat(description.subtopologies()).hasSize(1);
    TopologyDescription.Subtopology only = description.subtopologies().iterator().next();
    assertThat(only.nodes())
        .filteredOn(node -> node instanceof TopologyDescription.Source)
        .flatExtracting(node -> ((TopologyDescription.Source) node).topicSet())
        .containsExactlyInAnyOrder(
            Topics.EDIT_REQUESTS_ACCEPTED.name(),
            Topics.WORKER_OUTCOMES.name(),
            Topics.EDIT_CANCELLATIONS.name());
    assertThat(only.nodes())
        .filteredOn(node -> node instanceof TopologyDescription.Processor)
        .allSatisfy(
            node ->
                assertThat(((TopologyDescription.Processor) node).stores())
                    .isEqualTo(Set.of(RequestStates.STORE)));
  }
}

package dev.editstream.processors.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.processors.resolution.TableView;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class FlowTopologyTest {

  private final TopologyDescription description =
      FlowTopology.build(
              Map.of("schema.registry.url", "mock://flow-topology-test"),
              new PlainJobFactory(),
              TableView.none(),
              Duration.ofSeconds(1),
              Duration.ofDays(7),
              new FlowCounters())
          .describe();

  @Test
  void putsTheRequestKeyedInputsAndTheSharedStoreInOneSubTopology() {
    TopologyDescription.Subtopology flow = subtopologyReading(Topics.EDIT_REQUESTS_ACCEPTED.name());
    assertThat(sources(flow))
        .containsExactlyInAnyOrder(
            Topics.EDIT_REQUESTS_ACCEPTED.name(),
            Topics.RESOLUTIONS.name(),
            Topics.WORKER_OUTCOMES.name(),
            Topics.EDIT_CANCELLATIONS.name(),
            Topics.EDIT_PROGRESS.name());
    assertThat(flow.nodes())
        .filteredOn(node -> node instanceof TopologyDescription.Processor)
        .allSatisfy(
            node ->
                assertThat(((TopologyDescription.Processor) node).stores())
                    .isEqualTo(Set.of(RequestStates.STORE)));
  }

  @Test
  void givesEachResolutionStageItsOwnSubTopologyOverItsAsksAndItsTable() {
    assertThat(description.subtopologies()).hasSize(3);
    for (ResolutionStage<?> stage : ResolutionStage.all()) {
      TopologyDescription.Subtopology sub = subtopologyReading(stage.table().name());
      assertThat(sources(sub))
          .containsExactlyInAnyOrder(stage.requests().name(), stage.table().name());
      assertThat(sub.nodes())
          .filteredOn(node -> node instanceof TopologyDescription.Processor)
          .singleElement()
          .satisfies(
              node ->
                  assertThat(((TopologyDescription.Processor) node).stores())
                      .containsExactlyInAnyOrder(stage.recordsStore(), stage.parkedStore()));
    }
  }

  private TopologyDescription.Subtopology subtopologyReading(String topic) {
    return description.subtopologies().stream()
        .filter(s -> sources(s).contains(topic))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> sources(TopologyDescription.Subtopology sub) {
    return sub.nodes().stream()
        .filter(node -> node instanceof TopologyDescription.Source)
        .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
        .collect(Collectors.toSet());
  }
}

package dev.editstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://topics");

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope("topics");
  }

  @Test
  void catalogueNamesEveryTopicOnce() {
    Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
    assertThat(names)
        .hasSize(Topics.all().size())
        .contains(
            "edit-requests",
            "edit-cancellations",
            "edit-requests-accepted",
            "edit-dlq",
            "captions",
            "inversions",
            "jobs-invert",
            "jobs-edit",
            "edit-results",
            "edit-progress",
            "edit-metrics",
            "edit-audit",
            "_schemas");
  }

  @Test
  void cachesAreCompactedAndTheRegistryStoreHasOnePartition() {
    assertThat(Topics.CAPTIONS.compacted()).isTrue();
    assertThat(Topics.INVERSIONS.compacted()).isTrue();
    assertThat(Topics.EDIT_REQUESTS.compacted()).isFalse();
    assertThat(Topics.SCHEMAS.partitions()).isEqualTo(1);
    assertThat(Topics.SCHEMAS.compacted()).isTrue();
    assertThat(Topics.EDIT_AUDIT.retentionMs()).contains(-1L);
    assertThat(Topics.EDIT_REQUESTS.newTopic((short) 1).configs())
        .containsEntry("cleanup.policy", "delete");
  }

  @Test
  void valueSerdeRoundTripsAnEditRequest() {
    EditRequest request = SampleRecords.editRequest("r-1");
    try (Serde<EditRequest> serde = Topics.EDIT_REQUESTS.valueSerde(REGISTRY)) {
      byte[] bytes = serde.serializer().serialize(Topics.EDIT_REQUESTS.name(), request);
      assertThat(bytes[0]).isZero();
      EditRequest back = serde.deserializer().deserialize(Topics.EDIT_REQUESTS.name(), bytes);
      assertThat(back).isEqualTo(request);
      assertThat(back.getDeadline()).isEqualTo(request.getDeadline());
    }
    assertThat(MockSchemaRegistry.forScope("topics").subjects())
        .containsExactly("edit-requests-value");
  }
}

package dev.editstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real broker and registry, read back with the client's own follower. */
class EditClientIntegrationTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  @TempDir static Path blobs;

  @BeforeAll
  static void createTopics() {
    KAFKA.cluster().createTopics(Topics.all());
  }

  static ClientSettings settings() {
    return new ClientSettings(KAFKA.bootstrapServers(), KAFKA.registryUrl(), blobs);
  }

  static List<Observed> read(Topic<String, ?> topic, List<String> keys) {
    return TopicRecords.read(settings(), topic, keys);
  }

  @Test
  void cancelWritesOneCancelRequestKeyedByTheRequestId() {
    Instant before = Instant.now().minusMillis(1);
    try (EditClient client = EditClient.connect(settings())) {
      client.cancel("client-cancel-1", "wrong image");
      client.cancel("client-cancel-2", null);
    }
    Instant after = Instant.now().plusMillis(1);

    List<Observed> seen =
        read(Topics.EDIT_CANCELLATIONS, List.of("client-cancel-1", "client-cancel-2"));

    assertThat(seen)
        .extracting(Observed::key)
        .containsExactlyInAnyOrder("client-cancel-1", "client-cancel-2");
    for (Observed o : seen) {
      CancelRequest cancel = (CancelRequest) o.value();
      assertThat(cancel.getRequestId()).isEqualTo(o.key());
      assertThat(cancel.getReason())
          .isEqualTo(o.key().equals("client-cancel-1") ? "wrong image" : null);
      assertThat(cancel.getRequestedAt()).isBetween(before, after);
    }
  }

  @Test
  void aSubmittedDraftArrivesWithTheSamplerSettingsItWasNotGivenNull() {
    EditDraft draft =
        EditDraft.ofBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png")
            .requestId("client-submit-1")
            .caption("a red circle on a blue background")
            .edit(EditDraft.replace("a green circle on a blue background"));
    draft.sampler().setDenoisingSteps(20);
    try (EditClient client = EditClient.connect(settings())) {
      assertThat(client.submit(draft)).isEqualTo("client-submit-1");
    }

    EditRequest request =
        (EditRequest) read(Topics.EDIT_REQUESTS, List.of("client-submit-1")).get(0).value();

    assertThat(request.getSampler())
        .isEqualTo(SamplerParams.newBuilder().setDenoisingSteps(20).build());
    assertThat(request.getSourceCaption()).isEqualTo("a red circle on a blue background");
  }
}

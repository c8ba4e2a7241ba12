package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  private static final Map<String, Object> REGISTRY =
      Map.of("schema.registry.url", "http://127.0.0.1:8081");

  private static WorkerSettings.Builder builder() {
    return WorkerSettings.builder("127.0.0.1:9092", REGISTRY).workerId("gpu-0");
  }

  @Test
  void fillsTheDefaults() {
    WorkerSettings settings = builder().build();

    assertThat(settings.groupId()).isEqualTo("editstream-edit-workers");
    assertThat(settings.threads()).isEqualTo(1);
    assertThat(settings.attempts()).isEqualTo(3);
    assertThat(settings.progressStepFraction()).isEqualTo(0.1);
    assertThat(settings.transactionalId()).isEqualTo("editstream-edit-worker-gpu-0");
  }

  @Test
  void defaultsTheWorkerIdToAValidHostName() {
    WorkerSettings settings = WorkerSettings.builder("127.0.0.1:9092", REGISTRY).build();

    assertThat(settings.workerId()).matches("[A-Za-z0-9._-]{1,100}");
  }

  @Test
  void refusesInvalidSettings() {
    assertThatThrownBy(() -> builder().threads(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads");
    assertThatThrownBy(() -> builder().attempts(0).build()).hasMessageContaining("attempts");
    assertThatThrownBy(() -> builder().backoff(Duration.ofMillis(-1)).build())
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> builder().progressStepFraction(0).build())
        .hasMessageContaining("progressStepFraction");
    assertThatThrownBy(() -> builder().workerId("gpu 0").build()).hasMessageContaining("workerId");
    assertThatThrownBy(() -> WorkerSettings.builder("127.0.0.1:9092", Map.of()).build())
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void refusesOverridesOfWhatTheGuaranteesRestOn() {
    assertThatThrownBy(() -> builder().kafka("enable.auto.commit", true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enable.auto.commit");
    assertThat(builder().kafka("max.poll.interval.ms", 3000).build().kafkaOverrides())
        .containsEntry("max.poll.interval.ms", 3000);
  }

  @Test
  void givesEachClientOnlyTheOverridesItKnows() {
    WorkerSettings settings =
        builder().kafka("max.poll.interval.ms", 3000).kafka("linger.ms", 20).build();

    assertThat(ClientConfigs.jobConsumer(settings))
        .containsEntry("max.poll.interval.ms", 3000)
        .doesNotContainKey("linger.ms")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.protocol", "classic");
    assertThat(ClientConfigs.outcomeProducer(settings))
        .containsEntry("linger.ms", 20)
        .doesNotContainKey("max.poll.interval.ms")
        .containsEntry("transactional.id", "editstream-edit-worker-gpu-0");
  }
}

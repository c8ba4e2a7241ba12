package dev.editstream.processors.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class FlowServiceTest {

  private static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://flow-service-test");

  @Test
  void runsExactlyOnceUnderTheSettingsApplicationId() {
    Properties config =
        FlowService.streamsConfig(
            FlowSettings.defaults("broker:9092", REGISTRY, Path.of("/tmp/flow-state")));

    assertThat(config)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "editstream-flow")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/flow-state")
        .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "edit-dlq");
  }

  @Test
  void defaultsToAOneSecondDeadlineCheckAndAWeekOfRetention() {
    FlowSettings settings = FlowSettings.defaults("b:9092", REGISTRY, Path.of("s"));

    assertThat(settings.deadlineCheckInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.threads()).isEqualTo(1);
  }

  @Test
  void refusesANonPositiveInterval() {
    assertThatThrownBy(
            () ->
                new FlowSettings(
                    "b:9092",
                    REGISTRY,
                    "app",
                    Path.of("s"),
                    1,
                    Duration.ZERO,
                    Duration.ofDays(7),
                    FlowSettings.DEFAULT_COMMIT_INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadlineCheckInterval");
  }
}

package dev.editstream.processors.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global view stores: usable records only, a failure or a tombstone removes the key. */
class TableViewsTest {
  private static final String SCOPE = "table-views-test";
  private static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://" + SCOPE);

  @TempDir Path tmp;
  private TopologyTestDriver driver;

  @AfterEach
  void tearDown() {
    driver.close();
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void holdsUsableCaptionsAndDropsFailedOnesAndTombstones() {
    driver =
        new TopologyTestDriver(
            TableViews.topology(REGISTRY),
            dev.editstream.processors.streams.StreamsApp.exactlyOnce(
                "views-test",
                "unused:9092",
                tmp,
                1,
                LogAndContinueExceptionHandler.class,
                Duration.ofMillis(10)));
    TestInputTopic<String, CaptionRecord> captions =
        driver.createInputTopic(
            Topics.CAPTIONS.name(),
            new StringSerializer(),
            Topics.CAPTIONS.valueSerde(REGISTRY).serializer());
    captions.pipeInput("h1", caption("h1", CaptionStatus.READY));
    captions.pipeInput("h2", caption("h2", CaptionStatus.READY));
    captions.pipeInput("h3", caption("h3", CaptionStatus.FAILED));
    captions.pipeInput("h2", (CaptionRecord) null);

    KeyValueStore<String, CaptionRecord> view =
        driver.getKeyValueStore(ResolutionStage.CAPTIONS.viewStore());
    assertThat(view.get("h1")).isEqualTo(caption("h1", CaptionStatus.READY));
    assertThat(view.get("h2")).isNull();
    assertThat(view.get("h3")).isNull();
    assertThat(driver.getKeyValueStore(ResolutionStage.INVERSIONS.viewStore())).isNotNull();
  }

  private static CaptionRecord caption(String hash, CaptionStatus status) {
    return CaptionRecord.newBuilder()
        .setImageSha256(hash)
        .setCaption(status == CaptionStatus.READY ? "a large red circle on a blue background" : "")
        .setSource(CaptionSource.CAPTIONER)
        .setStatus(status)
        .setScore(0.9)
        .setCreatedAt(Instant.parse("2026-12-03T00:00:00Z"))
        .build();
  }
}

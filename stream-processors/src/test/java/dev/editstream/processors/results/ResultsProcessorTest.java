package dev.editstream.processors.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultsProcessorTest {

  @Test
  void purgesAtATenthOfTheRetentionButAtLeastHourly() {
    assertThat(ResultsProcessor.purgeInterval(Duration.ofDays(7))).isEqualTo(Duration.ofHours(1));
    assertThat(ResultsProcessor.purgeInterval(Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void takesTheRequestIdFromTheKeyAndFromTheValueOnlyWhenTheKeyIsMissing() {
    assertThat(ResultsProcessor.idOf("k-1", "v-1")).isEqualTo("k-1");
    assertThat(ResultsProcessor.idOf(null, "v-1")).isEqualTo("v-1");
    assertThat(ResultsProcessor.idOf(" ", "v-1")).isEqualTo("v-1");
  }
}

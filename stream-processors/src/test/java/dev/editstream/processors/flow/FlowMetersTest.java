package dev.editstream.processors.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class FlowMetersTest {

  @Test
  void showsEachStagesCountsUnderTheDocumentedNamesAsTheyAreAtTheScrape() {
    FlowCounters counters = new FlowCounters();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new FlowMeters(counters).bindTo(registry);

    String before = registry.scrape();
    counters.inversions().viewHit();
    counters.inversions().viewHit();
    counters.captions().viewHit();
    counters.droppedOutcomesAdder().increment();
    String after = registry.scrape();

    assertThat(before)
        .contains("editstream_resolution_hits_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_misses_total{stage=\"caption\"} 0.0");
    assertThat(after)
        .contains("editstream_resolution_hits_total{stage=\"inversion\"} 2.0")
        .contains("editstream_resolution_view_hits_total{stage=\"inversion\"} 2.0")
        .contains("editstream_resolution_hits_total{stage=\"caption\"} 1.0")
        .contains("editstream_resolution_misses_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_parked_total{stage=\"caption\"} 0.0")
        .contains("editstream_resolution_released_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_failed_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_withdrawn_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_park_seconds_total{stage=\"inversion\"} 0.0")
        .contains("editstream_resolution_parked_now{stage=\"caption\"} 0.0")
        .contains("editstream_flow_outcomes_dropped_total 1.0");
  }
}

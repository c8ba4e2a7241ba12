package dev.editstream.processors.flow;

import dev.editstream.processors.resolution.ResolutionMetrics;
import dev.editstream.processors.resolution.ResolutionStage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The flow's counts as meters, read from {@link FlowCounters} at each scrape (Prometheus names in
 * {@code docs/metrics.md}): per resolution stage ({@code stage} = {@code caption} or {@code
 * inversion}) {@code editstream_resolution_hits_total} (view hits included), {@code
 * _view_hits_total}, {@code _misses_total} (each issued one job), {@code _parked_total}, {@code
 * _released_total}, {@code _failed_total}, {@code _withdrawn_total}, {@code _park_seconds_total}
 * and the gauge {@code editstream_resolution_parked_now}; and {@code
 * editstream_flow_outcomes_dropped_total}.
 */
final class FlowMeters implements MeterBinder {

  private final FlowCounters counters;

  FlowMeters(FlowCounters counters) {
    this.counters = counters;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("editstream.flow.outcomes.dropped", counters, c -> c.droppedOutcomes())
        .description("Worker outcomes dropped: repeats, late ones, ones for unknown requests")
        .register(registry);
    stage(registry, ResolutionStage.CAPTIONS);
    stage(registry, ResolutionStage.INVERSIONS);
  }

  private void stage(MeterRegistry registry, ResolutionStage<?> stage) {
    ResolutionMetrics metrics = counters.of(stage);
    String name = stage.name();
    count(registry, name, metrics, "hits", "Asks answered from the table", s -> s.hits());
    count(
        registry,
        name,
        metrics,
        "view.hits",
        "Of the hits, those dispatch answered from its table view",
        s -> s.viewHits());
    count(registry, name, metrics, "misses", "Asks that issued the key's job", s -> s.misses());
    count(registry, name, metrics, "parked", "Asks parked behind a job", s -> s.parked());
    count(
        registry,
        name,
        metrics,
        "released",
        "Parked asks released with the record",
        s -> s.released());
    count(
        registry,
        name,
        metrics,
        "failed",
        "Parked asks failed with the job's reason",
        s -> s.failed());
    count(
        registry,
        name,
        metrics,
        "withdrawn",
        "Parked asks withdrawn (cancelled or expired)",
        s -> s.withdrawn());
    count(
        registry,
        name,
        metrics,
        "park.seconds",
        "Time parked asks waited, in total",
        s -> s.parkMillis() / 1000.0);
    Gauge.builder("editstream.resolution.parked.now", metrics, m -> m.snapshot().parkedNow())
        .description("Asks parked now")
        .tag("stage", name)
        .register(registry);
  }

  private static void count(
      MeterRegistry registry,
      String stage,
      ResolutionMetrics metrics,
      String what,
      String description,
      ToDoubleFunction<ResolutionMetrics.Snapshot> value) {
    FunctionCounter.builder(
            "editstream.resolution." + what, metrics, m -> value.applyAsDouble(m.snapshot()))
        .description(description)
        .tag("stage", stage)
        .register(registry);
  }
}

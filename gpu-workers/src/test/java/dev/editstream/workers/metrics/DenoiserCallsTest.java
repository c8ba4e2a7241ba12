package dev.editstream.workers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DenoiserCallsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DenoiserCalls calls = new DenoiserCalls(registry);

  @Test
  void recordsRowsPaddingAndTimePerCall() {
    calls.record("denoise", 5, 6, TimeUnit.MILLISECONDS.toNanos(40));
    calls.record("denoise", 1, 4, TimeUnit.MILLISECONDS.toNanos(10));
    calls.record("eps_vjp_context", 12, 12, TimeUnit.MILLISECONDS.toNanos(300));

    var denoise = registry.get("editstream.denoiser.rows.per.call").tag("call", "denoise");
    assertThat(denoise.summary().count()).isEqualTo(2);
    assertThat(denoise.summary().totalAmount()).isEqualTo(6);
    assertThat(counter("editstream.denoiser.rows", "denoise")).isEqualTo(6);
    assertThat(counter("editstream.denoiser.padding.rows", "denoise")).isEqualTo(4);
    assertThat(counter("editstream.denoiser.padding.rows", "eps_vjp_context")).isZero();
    var time = registry.get("editstream.denoiser.call").tag("call", "denoise").timer();
    assertThat(time.count()).isEqualTo(2);
    assertThat(time.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
  }

  @Test
  void scrapeShowsTheDocumentedNamesAndTheRowBuckets() {
    calls.record("denoise_p2p", 3, 4, 1_000_000);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("editstream_denoiser_rows_per_call_bucket{call=\"denoise_p2p\",le=\"3.0\"} 1")
        .contains("editstream_denoiser_rows_per_call_bucket{call=\"denoise_p2p\",le=\"2.0\"} 0")
        .contains("editstream_denoiser_rows_per_call_count{call=\"denoise_p2p\"} 1")
        .contains("editstream_denoiser_rows_total{call=\"denoise_p2p\"} 3.0")
        .contains("editstream_denoiser_padding_rows_total{call=\"denoise_p2p\"} 1.0")
        .contains("editstream_denoiser_call_seconds_count{call=\"denoise_p2p\"} 1");
  }

  @Test
  void everySignatureIsShownBeforeItsFirstCall() {
    String scrape = registry.scrape();
    for (String call : DenoiserCalls.SIGNATURES) {
      assertThat(scrape)
          .contains("editstream_denoiser_rows_per_call_count{call=\"" + call + "\"} 0")
          .contains("editstream_denoiser_padding_rows_total{call=\"" + call + "\"} 0.0");
    }
  }

  @Test
  void refusesImpossibleCountsAndNamesThatAreNoSignature() {
    assertThatThrownBy(() -> calls.record("denoise", 0, 4, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calls.record("denoise", 5, 4, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calls.record("denoise", 1, 1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calls.record("Denoise call", 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(counter("editstream.denoiser.rows", "denoise")).isZero();
  }

  private double counter(String name, String call) {
    return registry.get(name).tag("call", call).counter().count();
  }
}

package dev.editstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint over real HTTP on loopback. */
class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesTheRegistryInTheTextFormatWithTheJvmsMeters() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "test")) {
      Counter.builder("editstream.test.things").register(endpoint.registry()).increment(3);

      assertThat(endpoint.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
      HttpResponse<String> scrape = get(endpoint.url(), null);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body())
          .contains("# TYPE editstream_test_things_total counter")
          .contains("editstream_test_things_total 3.0")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds");
    }
  }

  @Test
  void answersOpenMetricsWhenAskedAnd404And405Otherwise() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "test")) {
      HttpResponse<String> open =
          get(endpoint.url(), "application/openmetrics-text; version=1.0.0, text/plain;q=0.5");
      assertThat(open.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/openmetrics-text");
      assertThat(open.body()).endsWith("# EOF\n");

      assertThat(get(endpoint.url() + "/more", null).statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint.url()))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aTakenPortStopsTheStartWithItsReason() throws Exception {
    try (MetricsEndpoint first = MetricsEndpoint.start("127.0.0.1", 0, "first")) {
      int port = URI.create(first.url()).getPort();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> SingleMachineStack.metricsEndpoint("127.0.0.1", port, "second"))
          .isInstanceOf(StackStartException.class)
          .hasMessageContaining("metrics endpoint cannot listen on 127.0.0.1:" + port);
    }
  }

  private HttpResponse<String> get(String url, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

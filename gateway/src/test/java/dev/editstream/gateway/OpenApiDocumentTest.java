package dev.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document parses with swagger-parser and names every route. */
class OpenApiDocumentTest {

  @Test
  void theServedDocumentParsesAndNamesEveryRoute() throws Exception {
    String body;
    try (Gateway gateway =
        Gateway.start(
            new GatewaySettings("127.0.0.1", 0, "", 1 << 20, Duration.ofHours(1)),
            new FakeBackend())) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(gateway.url() + Gateway.OPENAPI)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      body = r.body();
    }

    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(body, null, null);

    assertThat(parsed.getMessages()).isEmpty();
    OpenAPI api = parsed.getOpenAPI();
    assertThat(api.getOpenapi()).startsWith("3.");
    PathItem edits = api.getPaths().get("/v1/edits");
    assertThat(edits.getPost()).isNotNull();
    assertThat(edits.getPost().getRequestBody().getContent())
        .containsKeys("application/json", "multipart/form-data");
    assertThat(edits.getPost().getResponses()).containsKeys("202", "400", "401", "413", "422");
    PathItem one = api.getPaths().get("/v1/edits/{id}");
    assertThat(one.getGet().getResponses()).containsKeys("200", "404");
    assertThat(one.getDelete().getResponses()).containsKeys("202", "404", "409");
    assertThat(api.getPaths().get("/v1/edits/{id}/image").getGet().getResponses())
        .containsKeys("200", "409");
    assertThat(
            api.getPaths()
                .get("/v1/edits/{id}/events")
                .getGet()
                .getResponses()
                .get("200")
                .getContent())
        .containsKey("text/event-stream");
    assertThat(api.getPaths().get(Gateway.OPENAPI).getGet()).isNotNull();
    assertThat(api.getPaths()).hasSize(5);
    assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearerAuth");
  }
}

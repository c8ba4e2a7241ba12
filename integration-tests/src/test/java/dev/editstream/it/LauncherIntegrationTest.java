package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.EditDraft;
import dev.editstream.schemas.Topics;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code editstream up} as a user runs it: a separate JVM that starts, reports healthy, stops on
 * SIGTERM, and keeps topics and registry ids across a restart on the same data directory.
 */
class LauncherIntegrationTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STOP = Duration.ofSeconds(60);
  private static final int SIGTERM_EXIT = 128 + 15;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LauncherIntegrationTest.class);

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void upStartsReportsHealthyStopsCleanlyAndKeepsDataAcrossRestart() throws Exception {
    Map<String, String> env =
        Map.of(
            "EDITSTREAM_DATA_DIR", dataDir.toString(),
            "EDITSTREAM_KAFKA_PORT", "0",
            "EDITSTREAM_KAFKA_CONTROLLER_PORT", "0",
            "EDITSTREAM_REGISTRY_PORT", "0",
            "EDITSTREAM_GATEWAY_PORT", "0",
            "EDITSTREAM_METRICS_PORT", "0",
            "EDITSTREAM_BUNDLES_DIR", "../models/bundles",
            // the submitted edit may still run when the test stops the stack
            "EDITSTREAM_WORKER_CLOSE_TIMEOUT", "2s");
    int schemaId;
    try (LauncherProcess up = LauncherProcess.start(env, logs.resolve("first.log"), "up")) {
      up.awaitLine("EditStream is up (all parts healthy).", START);
      LOG.info("first up is healthy");
      String bootstrap = up.value("Kafka bootstrap");
      String registry = up.value("Schema registry");
      assertThat(up.value("Topics")).contains(Topics.all().size() + " created");
      assertThat(up.value("Data directory")).isEqualTo(dataDir.toString());
      assertThat(topics(bootstrap)).contains("edit-requests", "edit-results", "_schemas");

      try (EditClient client =
          EditClient.connect(new ClientSettings(bootstrap, registry, (java.nio.file.Path) null))) {
        client.submit(
            EditDraft.ofBytes(SampleImages.png("circle", Color.RED, Color.BLUE), "image/png")
                .requestId("launcher-1")
                .caption("a red circle on a blue background")
                .edit(EditDraft.replace("a green circle on a blue background")));
      }
      schemaId = get(registry + "/subjects/edit-requests-value/versions/1").get("id").asInt();

      LOG.info("submitted; stopping");
      assertThat(up.terminate(STOP)).isEqualTo(SIGTERM_EXIT);
      LOG.info("first up stopped");
      assertThat(up.output()).contains("EditStream stopped.");
    }

    try (LauncherProcess again = LauncherProcess.start(env, logs.resolve("second.log"), "up")) {
      again.awaitLine("EditStream is up (all parts healthy).", START);
      LOG.info("second up is healthy");
      assertThat(again.value("Topics"))
          .contains("0 created, " + Topics.all().size() + " already matching");
      String registry = again.value("Schema registry");
      assertThat(get(registry + "/subjects/edit-requests-value/versions/1").get("id").asInt())
          .isEqualTo(schemaId);
      assertThat(get(registry + "/schemas/ids/" + schemaId).get("schema").asText())
          .contains("EditRequest");
      assertThat(again.terminate(STOP)).isEqualTo(SIGTERM_EXIT);
      assertThat(again.output()).contains("EditStream stopped.");
    }
  }

  private static Set<String> topics(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin.listTopics().names().get();
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}

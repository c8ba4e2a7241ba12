package dev.editstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.deploy.stack.SingleMachineStack;
import dev.editstream.deploy.stack.StackEndpoints;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.enrich.EnrichItem;
import dev.editstream.producers.enrich.EnrichRun;
import dev.editstream.producers.enrich.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enrich} through a real stack (KRaft broker, registry, processors, worker, committed
 * bundle): a manifest of edits, a caption-less prompt edit (the captioner runs), a request intake
 * rejects and a row naming no file; then a re-run that skips everything, a resumed run that
 * collects only the row whose line was lost, and the report opened in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrichIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @TempDir static Path work;
  private static SingleMachineStack stack;
  private static ClientSettings client;
  private static Path manifest;
  private static Path out;

  @BeforeAll
  static void start() throws Exception {
    stack = SingleMachineStack.start(TestStacks.withWorker(dataDir));
    StackEndpoints e = stack.endpoints();
    client = new ClientSettings(e.bootstrapServers(), e.registryUrl(), e.blobs());
    Files.write(work.resolve("red.png"), SampleImages.scene(WorkerRequests.RED_CIRCLE, 32, 32));
    Files.write(
        work.resolve("yellow.png"), SampleImages.scene(WorkerRequests.YELLOW_TRIANGLE, 32, 32));
    String caption = WorkerRequests.RED_CIRCLE.caption();
    manifest = work.resolve("manifest.jsonl");
    Files.writeString(
        manifest,
        String.join(
            "\n",
            row("red.png", caption, "a large green circle on a blue background", null),
            row("red.png", caption, "a large red circle on a white background", null),
            "{\"image\": \"yellow.png\", \"prompt\": \"a large purple triangle on a green"
                + " background\", \"label\": \"no caption\"}",
            row("red.png", caption, "a green circle", "REPLACE_WORD_COUNT_MISMATCH"),
            "{\"image\": \"missing.png\", \"prompt\": \"x\", \"expect\": \"MANIFEST_ROW_INVALID\"}",
            ""));
    out = work.resolve("out");
  }

  private static String row(String image, String caption, String prompt, String expect) {
    return "{\"image\": \""
        + image
        + "\", \"caption\": \""
        + caption
        + "\", \"prompt\": \""
        + prompt
        + "\""
        + (expect == null ? "" : ", \"expect\": \"" + expect + "\"")
        + "}";
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Summary enrich(ByteArrayOutputStream console) throws Exception {
    EnrichItem defaults = EnrichItem.defaults("replace");
    return new EnrichRun(
            client,
            new EnrichRun.Options(manifest, out, defaults, "shapes32", null, Duration.ofMinutes(5)),
            new PrintStream(console, true, StandardCharsets.UTF_8),
            false)
        .run();
  }

  private static List<JsonNode> results() throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  @Test
  @Order(1)
  void everyRowEndsAsExpectedWithItsImagesResultsSummaryAndReport() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Summary s = enrich(console);

    assertThat(s.rows()).isEqualTo(5);
    assertThat(s.unexpected()).isZero();
    assertThat(s.byStatus())
        .containsExactlyInAnyOrderEntriesOf(Map.of("SUCCEEDED", 3, "REJECTED", 2));
    assertThat(s.submitted()).as("the row without a file is not submitted").isEqualTo(4);
    // the progress bar printed a line per step, with counts and a rate
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("5/5").contains("SUCCEEDED 3");

    List<JsonNode> rows = results();
    assertThat(rows)
        .extracting(r -> r.path("reasonCode").asText())
        .containsExactly("OK", "OK", "OK", "REPLACE_WORD_COUNT_MISMATCH", "MANIFEST_ROW_INVALID");
    for (JsonNode r : rows.subList(0, 3)) {
      assertThat(out.resolve(r.path("result").asText())).isRegularFile();
      assertThat(out.resolve(r.path("source").asText())).isRegularFile();
      assertThat(r.path("sha256").asText())
          .isEqualTo(
              dev.editstream.schemas.blob.Sha256.hex(
                  Files.readAllBytes(out.resolve(r.path("result").asText()))));
      assertThat(r.path("timingsMs").path("edit").asLong()).isPositive();
    }
    assertThat(rows.get(0).path("id").asText()).startsWith("enrich-");
    assertThat(rows.get(0).path("captionSource").asText()).isEqualTo("CLIENT");
    assertThat(rows.get(2).path("captionSource").asText()).isEqualTo("CAPTIONER");
    assertThat(rows.get(2).path("caption").asText()).isNotEmpty();
    assertThat(rows.get(4).path("message").asText()).contains("no image file");

    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.path("byStatus").path("SUCCEEDED").asInt()).isEqualTo(3);
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("id=\"count-succeeded\">3<")
        .contains("id=\"count-rejected\">2<");
  }

  @Test
  @Order(2)
  void aReRunIntoTheSameFolderSkipsEveryFinishedRow() throws Exception {
    List<JsonNode> before = results();
    Summary s = enrich(new ByteArrayOutputStream());
    assertThat(s.skipped()).isEqualTo(5);
    assertThat(s.submitted()).isZero();
    assertThat(s.unexpected()).isZero();
    assertThat(results()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aRunThatLostARowsLineCollectsThatRowAloneFromTheTopic() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
    String firstSha = JSON.readTree(lines.get(0)).path("sha256").asText();
    // as if the first run had been killed before the first result was written
    Files.write(out.resolve("results.jsonl"), lines.subList(1, lines.size()));
    Summary s = enrich(new ByteArrayOutputStream());
    assertThat(s.skipped()).isEqualTo(4);
    assertThat(s.submitted()).isEqualTo(1);
    assertThat(s.unexpected()).isZero();
    // intake takes an id once: the result is the one already on edit-results, the same bytes
    assertThat(results().get(0).path("sha256").asText()).isEqualTo(firstSha);
  }

  @Test
  @Order(4)
  void theReportOpensInHeadlessChromiumWithEveryImageLoadedAndTheSummarysCounts() throws Exception {
    Path screenshot = Path.of("target", "enrich-report.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    Path report = out.resolve("report.html").toAbsolutePath();
    String dom = Chromium.dumpDom(report);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());

    int images = attribute(dom, "data-images");
    assertThat(images).as("source, mask and result images in the report").isGreaterThanOrEqualTo(7);
    assertThat(attribute(dom, "data-images-loaded")).isEqualTo(images);
    assertThat(attribute(dom, "data-rows")).isEqualTo(summary.path("rows").asInt());
    assertThat(count(dom, "succeeded"))
        .isEqualTo(summary.path("byStatus").path("SUCCEEDED").asInt());
    assertThat(count(dom, "rejected")).isEqualTo(summary.path("byStatus").path("REJECTED").asInt());

    Chromium.screenshot(report, screenshot);
    assertThat(screenshot).isRegularFile();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  private static int attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as(name + " set by the report's script once loaded").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static int count(String dom, String name) {
    Matcher m = Pattern.compile("id=\"count-" + name + "\">(\\d+)<").matcher(dom);
    assertThat(m.find()).as("count " + name).isTrue();
    return Integer.parseInt(m.group(1));
  }
}

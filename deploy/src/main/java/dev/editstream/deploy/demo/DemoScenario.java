package dev.editstream.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Submits the sample requests, prints each terminal result as it arrives, and writes what came back
 * into an output folder: the source and result images and {@code results.jsonl}, one line per
 * request (id, description, status, reason code, caption, image path, sha256, timings). A valid
 * sample should end SUCCEEDED; an invalid one REJECTED with its reason code.
 */
public final class DemoScenario {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientSettings client;
  private final PrintWriter out;
  private final Path outDir;

  /**
   * Creates the scenario.
   *
   * @param client where the stack listens
   * @param out where to print
   * @param outDir where the images and {@code results.jsonl} go (created if missing)
   */
  public DemoScenario(ClientSettings client, PrintWriter out, Path outDir) {
    this.client = client;
    this.out = out;
    this.outDir = outDir;
  }

  /**
   * Runs the samples.
   *
   * @param samples what to submit
   * @param timeout how long to wait for all results
   * @return what arrived and what did not
   */
  public DemoOutcome run(List<Sample> samples, Duration timeout) {
    Map<String, Sample> pending = new LinkedHashMap<>();
    samples.forEach(s -> pending.put(s.request().getRequestId(), s));
    List<String> unexpected = new ArrayList<>();
    List<Map<String, Object>> lines = new ArrayList<>();
    int succeeded = 0;
    int rejected = 0;
    createOutDir();
    Instant started = Instant.now();
    try (TopicFollower follower =
            TopicFollower.follow(client, List.of(Topics.EDIT_RESULTS), false);
        EditClient editClient = EditClient.connect(client)) {
      for (Sample sample : samples) {
        editClient.submit(sample.request());
        out.printf(
            Locale.ROOT,
            "submitted %s  %s%n",
            sample.request().getRequestId(),
            sample.description());
      }
      out.println();
      out.flush();
      Instant end = Instant.now().plus(timeout);
      while (!pending.isEmpty() && Instant.now().isBefore(end)) {
        for (Observed o : follower.poll(POLL)) {
          Sample sample = pending.remove(o.key());
          if (sample == null || !(o.value() instanceof EditResult result)) {
            continue;
          }
          succeeded += result.getStatus() == ResultStatus.SUCCEEDED ? 1 : 0;
          rejected += result.getStatus() == ResultStatus.REJECTED ? 1 : 0;
          Map<String, Object> line = record(sample, result, started);
          lines.add(line);
          out.println(resultLine(sample, result, line));
          out.flush();
          String expected = sample.valid() ? "OK" : sample.expectedReason();
          if (!result.getReasonCode().equals(expected)) {
            unexpected.add(o.key() + " expected " + expected + ", got " + result.getReasonCode());
          }
        }
      }
    }
    writeLines(lines);
    return new DemoOutcome(succeeded, rejected, List.copyOf(pending.keySet()), unexpected);
  }

  /** The line of results.jsonl, writing the images it names. */
  private Map<String, Object> record(Sample sample, EditResult result, Instant started) {
    String id = result.getRequestId();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("description", sample.description());
    line.put("status", result.getStatus().name());
    line.put("reasonCode", result.getReasonCode());
    line.put("message", result.getMessage());
    line.put("caption", result.getResolvedCaption());
    if (sample.request().getImage() instanceof ByteBuffer source && sample.valid()) {
      line.put("source", write(id + "-source.png", InlineBytes.of(source)));
    }
    if (result.getResultImage() != null) {
      byte[] png = client.blobStore().orElseThrow().get(result.getResultImage());
      line.put("image", write(id + ".png", png));
      line.put("sha256", result.getResultImage().getSha256());
    }
    line.put("timingsMs", result.getTimingsMs());
    line.put("secondsAfterSubmit", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    return line;
  }

  private static String resultLine(Sample sample, EditResult result, Map<String, Object> line) {
    String detail =
        result.getStatus() == ResultStatus.SUCCEEDED
            ? String.format(
                Locale.ROOT,
                "%s  sha256 %s…  edit %.1f s",
                line.get("image"),
                result.getResultImage().getSha256().substring(0, 12),
                result.getTimingsMs().getOrDefault("edit", 0L) / 1000.0)
            : result.getReasonCode() + ": " + result.getMessage();
    return String.format(
        Locale.ROOT,
        "%-9s %s  %s%n          %s",
        result.getStatus(),
        result.getRequestId(),
        sample.description(),
        detail);
  }

  private void createOutDir() {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String write(String name, byte[] bytes) {
    try {
      Files.write(outDir.resolve(name), bytes);
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeLines(List<Map<String, Object>> lines) {
    StringBuilder text = new StringBuilder();
    try {
      for (Map<String, Object> line : lines) {
        text.append(JSON.writeValueAsString(line)).append('\n');
      }
      Files.writeString(outDir.resolve("results.jsonl"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

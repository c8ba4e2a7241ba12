package dev.editstream.producers.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.EditDraft;
import dev.editstream.producers.EditText;
import dev.editstream.producers.InvalidEditTextException;
import dev.editstream.producers.Observed;
import dev.editstream.producers.SubmitException;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.QualityMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code enrich} run: reads the input, skips the rows a previous run into the same folder
 * finished, submits the rest, collects each result as it arrives (images and a line of {@code
 * results.jsonl} at once), and ends with {@code results.jsonl} in input order, {@code summary.json}
 * and {@code report.html}. Nothing accepted is dropped: a row that never got a result within the
 * idle timeout is written as {@code RESULT_NOT_ARRIVED}, and the next run waits for it again.
 */
public final class EnrichRun {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to run.
   *
   * @param input a folder or a manifest ({@link Manifest})
   * @param out the output folder (created; a previous run's results there are resumed)
   * @param defaults the edit every row gets where it says nothing of its own (image and line
   *     unused)
   * @param bundle the bundle's name
   * @param bundleVersion its version, or null for the deployed one
   * @param idleTimeout how long to wait for the next result before giving up on the rest
   */
  public record Options(
      Path input,
      Path out,
      EnrichItem defaults,
      String bundle,
      String bundleVersion,
      Duration idleTimeout) {}

  private final ClientSettings client;
  private final Options options;
  private final PrintStream console;
  private final boolean terminal;

  /**
   * Prepares a run.
   *
   * @param client where EditStream is
   * @param options what to run
   * @param console where the progress bar and the closing lines go
   * @param terminal whether {@code console} is a terminal (the bar redraws one line)
   */
  public EnrichRun(ClientSettings client, Options options, PrintStream console, boolean terminal) {
    this.client = client;
    this.options = options;
    this.console = console;
    this.terminal = terminal;
  }

  /**
   * Runs it.
   *
   * @return what the rows ended with
   * @throws ManifestException when the input cannot be read
   * @throws IOException when the output folder cannot be written
   * @throws SubmitException when Kafka or the registry does not take a request
   */
  public Summary run() throws ManifestException, IOException {
    Instant started = Instant.now();
    List<Manifest.Row> rows = Manifest.read(options.input());
    Path out = Files.createDirectories(options.out());
    OutputFolder folder = new OutputFolder(out);
    Map<String, ResultRow> previous = ResultsFile.previous(out);
    List<PreparedItem> items = rows.stream().map(this::prepare).toList();
    Map<String, ResultRow> ended = new LinkedHashMap<>();
    Map<String, PreparedItem> pending = new LinkedHashMap<>();
    int skipped = 0;
    for (PreparedItem p : items) {
      ResultRow before = previous.get(p.id());
      if (before != null && before.finished()) {
        ended.put(p.id(), before);
        skipped++;
      } else {
        pending.put(p.id(), p);
      }
    }
    console.printf(
        Locale.ROOT,
        "enrich: %d rows from %s; %d finished by an earlier run, %d to do; results in %s%n",
        items.size(),
        options.input(),
        skipped,
        pending.size(),
        out.toAbsolutePath().normalize());
    console.flush();
    int submitted = 0;
    try (ResultsFile results = ResultsFile.open(out);
        ProgressDisplay bar = new ProgressDisplay(console, terminal, items.size(), skipped)) {
      ended.values().forEach(r -> bar.counted(r.status()));
      for (PreparedItem p : List.copyOf(pending.values())) {
        if (!p.valid()) {
          ResultRow row = folder.invalid(p);
          pending.remove(p.id());
          ended.put(p.id(), row);
          results.append(row);
          bar.done(row.status());
        }
      }
      // read the results from the topic's start: a request with a derived id may have been
      // submitted before (an earlier run, another folder), and intake takes an id only once
      try (TopicFollower follower =
              TopicFollower.follow(client, List.of(Topics.EDIT_RESULTS), true);
          EditClient submitter = EditClient.connect(client)) {
        for (PreparedItem p : pending.values()) {
          submitter.submit(p.draft());
          submitted++;
        }
        Instant lastArrival = Instant.now();
        while (!pending.isEmpty()
            && Duration.between(lastArrival, Instant.now()).compareTo(options.idleTimeout()) < 0) {
          for (Observed o : follower.poll(POLL)) {
            PreparedItem p = pending.get(o.key());
            if (p == null || !(o.value() instanceof EditResult result)) {
              continue;
            }
            pending.remove(o.key());
            lastArrival = Instant.now();
            ResultRow row = folder.collect(p, result, client);
            ended.put(p.id(), row);
            results.append(row);
            bar.done(row.status());
          }
        }
      }
      for (PreparedItem p : pending.values()) {
        ResultRow row = folder.notArrived(p, options.idleTimeout());
        ended.put(p.id(), row);
        bar.done(row.status());
      }
      List<ResultRow> inOrder = new ArrayList<>();
      for (PreparedItem p : items) {
        inOrder.add(ended.get(p.id()));
      }
      results.rewrite(inOrder);
      double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
      Summary summary = summary(inOrder, skipped, submitted, seconds);
      JSON.writeValue(out.resolve("summary.json").toFile(), summary);
      HtmlReport.write(out.resolve("report.html"), summary, inOrder);
      return summary;
    }
  }

  private Summary summary(List<ResultRow> rows, int skipped, int submitted, double seconds) {
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byReason = new TreeMap<>();
    int unexpected = 0;
    for (ResultRow r : rows) {
      byStatus.merge(r.status(), 1, Integer::sum);
      byReason.merge(r.reasonCode(), 1, Integer::sum);
      unexpected += r.asExpected() ? 0 : 1;
    }
    return new Summary(
        rows.size(),
        skipped,
        submitted,
        byStatus,
        byReason,
        unexpected,
        seconds,
        options.input().toString());
  }

  /** The row with the defaults filled in, its request id, and its draft or its problem. */
  private PreparedItem prepare(Manifest.Row row) {
    EnrichItem item = row.item().or(options.defaults());
    String fallbackId = item.id() != null ? item.id() : "enrich-row-" + item.line();
    if (row.problem() != null) {
      return new PreparedItem(item, fallbackId, null, row.problem());
    }
    if (!Files.isRegularFile(item.image())) {
      return new PreparedItem(
          item, fallbackId, null, "row " + item.line() + ": no image file " + item.image());
    }
    try {
      byte[] image = Files.readAllBytes(item.image());
      String id =
          item.id() != null
              ? item.id()
              : RequestIds.derive(image, item, options.bundle(), options.bundleVersion());
      EditDraft draft =
          EditDraft.ofFile(item.image())
              .requestId(id)
              .caption(item.caption())
              .edit(
                  EditText.edit(
                      item.edit(),
                      item.prompt(),
                      item.reweight(),
                      item.strength() == null ? 0.6f : item.strength()))
              .mask(EditText.mask(item.mask(), item.image().toAbsolutePath().getParent()))
              .bundle(options.bundle(), options.bundleVersion())
              .metadata("source", "editstream enrich");
      if (item.seed() != null) {
        draft.seed(item.seed());
      }
      if (item.label() != null) {
        draft.metadata("label", item.label());
      }
      return new PreparedItem(item, id, draft, null);
    } catch (InvalidEditTextException e) {
      return new PreparedItem(item, fallbackId, null, "row " + item.line() + ": " + e.getMessage());
    } catch (IOException e) {
      return new PreparedItem(
          item, fallbackId, null, "row " + item.line() + ": cannot read " + item.image());
    }
  }

  /** Where a row's images and its line go. */
  private static final class OutputFolder {
    private final Path dir;

    OutputFolder(Path dir) {
      this.dir = dir;
    }

    ResultRow collect(PreparedItem p, EditResult r, ClientSettings client) throws IOException {
      String source = copySource(p);
      String result = null;
      String mask = null;
      if (r.getResultImage() != null) {
        result = writeBlob(client, r.getResultImage(), "results/" + p.id() + ".png");
      }
      if (r.getMask() != null) {
        mask = writeBlob(client, r.getMask(), "masks/" + p.id() + ".png");
      }
      return new ResultRow(
          p.id(),
          p.item().line(),
          p.item().label(),
          p.item().edit(),
          p.item().prompt(),
          r.getStatus().name(),
          r.getReasonCode(),
          p.item().expected(),
          r.getMessage(),
          r.getResolvedCaption(),
          r.getCaptionSource() == null ? null : r.getCaptionSource().name(),
          r.getCaptionScore(),
          r.getMaskSource(),
          r.getSeed(),
          r.getBundleId(),
          r.getResultImage() == null ? null : r.getResultImage().getSha256(),
          source,
          result,
          mask,
          new TreeMap<>(r.getTimingsMs()),
          quality(r.getQuality()));
    }

    ResultRow invalid(PreparedItem p) throws IOException {
      return clientRow(p, ReasonCode.MANIFEST_ROW_INVALID, p.problem(), copySource(p));
    }

    ResultRow notArrived(PreparedItem p, Duration timeout) throws IOException {
      return clientRow(
          p,
          ReasonCode.RESULT_NOT_ARRIVED,
          "no result within "
              + timeout
              + " of the last one; a re-run into this folder waits for it again",
          copySource(p));
    }

    private static ResultRow clientRow(
        PreparedItem p, ReasonCode code, String message, String source) {
      return new ResultRow(
          p.id(),
          p.item().line(),
          p.item().label(),
          p.item().edit(),
          p.item().prompt(),
          code.status().name(),
          code.name(),
          p.item().expected(),
          message,
          p.item().caption(),
          null,
          null,
          null,
          null,
          null,
          null,
          source,
          null,
          null,
          null,
          null);
    }

    /** A copy of the source next to the results, so the report needs nothing outside the folder. */
    private String copySource(PreparedItem p) throws IOException {
      Path image = p.item().image();
      if (image == null || !Files.isRegularFile(image)) {
        return null;
      }
      String name = image.getFileName().toString();
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
      String relative = "sources/" + p.id() + ext.toLowerCase(Locale.ROOT);
      Path target = dir.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.copy(image, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return relative;
    }

    private String writeBlob(ClientSettings client, BlobRef ref, String relative)
        throws IOException {
      byte[] bytes =
          client
              .blobStore()
              .orElseThrow(() -> new IOException("no blob store to read " + ref.getUri()))
              .get(ref);
      Path target = dir.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.write(target, bytes);
      return relative;
    }

    private static Map<String, Double> quality(QualityMetrics q) {
      if (q == null) {
        return null;
      }
      Map<String, Double> m = new TreeMap<>();
      for (org.apache.avro.Schema.Field f : q.getSchema().getFields()) {
        if (q.get(f.pos()) instanceof Number n) {
          m.put(f.name(), n.doubleValue());
        }
      }
      return m.isEmpty() ? null : m;
    }
  }
}

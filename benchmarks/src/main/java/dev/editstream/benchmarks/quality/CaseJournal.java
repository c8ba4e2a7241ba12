package dev.editstream.benchmarks.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.workers.engine.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished cases of a benchmark run, on disk, so that a run killed part-way (a full run takes
 * about an hour; sessions end) resumes where it stopped. One JSON line per case in {@code
 * cases.jsonl} (Jackson writes doubles in a form that parses back exactly), grid images as PNG
 * beside it. The first line is the run's key (bundle and settings): a journal of another run is
 * cleared, never mixed in.
 */
final class CaseJournal {
  private static final Logger LOG = LoggerFactory.getLogger(CaseJournal.class);
  private static final String FILE = "cases.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a journaled case measured.
   *
   * @param seconds the case's wall time, every method and both inversions
   */
  record Entry(
      QualityBenchmark.Reconstruction reconstruction,
      List<CaseScore> scores,
      Map<Method, RgbImage> images,
      double seconds) {}

  /** A case as one journal line: the entry without its images, which are files. */
  private record Line(
      int caseId,
      QualityBenchmark.Reconstruction reconstruction,
      List<CaseScore> scores,
      double seconds,
      boolean images) {}

  private final Path dir;
  private final Map<Integer, Entry> done = new HashMap<>();

  private CaseJournal(Path dir) {
    this.dir = dir;
  }

  /** Opens (or starts) the journal in {@code dir} for the run with this key. */
  static CaseJournal open(Path dir, String runKey) {
    CaseJournal j = new CaseJournal(dir);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE);
      List<String> lines = Files.exists(file) ? completeLines(file) : List.of();
      if (lines.isEmpty() || !lines.get(0).equals(runKey)) {
        if (!lines.isEmpty()) {
          LOG.info("journal {} belongs to another run; starting afresh", file);
        }
        clear(dir);
        Files.writeString(file, runKey + "\n", StandardCharsets.UTF_8);
        return j;
      }
      for (String line : lines.subList(1, lines.size())) {
        j.load(JSON.readValue(line, Line.class));
      }
      LOG.info("journal {}: {} cases already done", file, j.done.size());
      return j;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the benchmark journal in " + dir, e);
    }
  }

  /**
   * The cases journaled in {@code dir} by whatever run wrote it, read only: nothing is cleared or
   * trimmed (a benchmark may be writing it). Empty when there is no journal.
   */
  static Map<Integer, Entry> read(Path dir) {
    Path file = dir.resolve(FILE);
    CaseJournal j = new CaseJournal(dir);
    try {
      if (!Files.exists(file)) {
        return Map.of();
      }
      List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        if (line.endsWith("}")) {
          j.load(JSON.readValue(line, Line.class));
        }
      }
      return Map.copyOf(j.done);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmark journal in " + dir, e);
    }
  }

  /** The file's complete lines; a line cut short by a kill is dropped from the file too. */
  private static List<String> completeLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      text = text.substring(0, text.lastIndexOf('\n') + 1);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
    return text.lines().toList();
  }

  /** The entry of a finished case, if there is one. */
  Optional<Entry> done(int caseId) {
    return Optional.ofNullable(done.get(caseId));
  }

  /** Records a finished case; {@code images} may be empty (cases outside the grid). */
  void record(int caseId, Entry e) {
    try {
      for (var img : e.images().entrySet()) {
        Files.write(dir.resolve(imageName(caseId, img.getKey())), img.getValue().toPng());
      }
      Line line =
          new Line(caseId, e.reconstruction(), e.scores(), e.seconds(), !e.images().isEmpty());
      Files.writeString(
          dir.resolve(FILE),
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the benchmark journal in " + dir, ex);
    }
    done.put(caseId, e);
  }

  private void load(Line line) throws IOException {
    Map<Method, RgbImage> images = new EnumMap<>(Method.class);
    if (line.images()) {
      for (CaseScore s : line.scores()) {
        Path png = dir.resolve(imageName(line.caseId(), s.method()));
        images.put(s.method(), RgbImage.fromPng(Files.readAllBytes(png)));
      }
    }
    done.put(
        line.caseId(), new Entry(line.reconstruction(), line.scores(), images, line.seconds()));
  }

  private static String imageName(int caseId, Method m) {
    return "case-" + caseId + "-" + m.name().toLowerCase(java.util.Locale.ROOT) + ".png";
  }

  private static void clear(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.equals(FILE) || (name.startsWith("case-") && name.endsWith(".png"))) {
          Files.delete(p);
        }
      }
    }
  }
}

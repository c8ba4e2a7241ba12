package dev.editstream.workers.engine.bench;

import dev.editstream.workers.engine.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished cases of a benchmark run, on disk, so that a run killed part-way (a full run takes
 * about an hour; sessions end) resumes where it stopped. One line per case in {@code cases.tsv}
 * (doubles in their exact decimal form), grid images as PNG beside it. The first line is the run's
 * key (bundle and settings): a journal of another run is cleared, never mixed in.
 */
final class CaseJournal {
  private static final Logger LOG = LoggerFactory.getLogger(CaseJournal.class);
  private static final String FILE = "cases.tsv";

  /** What a journaled case measured. */
  record Entry(
      QualityBenchmark.Reconstruction reconstruction,
      List<CaseScore> scores,
      Map<Method, RgbImage> images) {}

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
        j.parse(line);
      }
      LOG.info("journal {}: {} cases already done", file, j.done.size());
      return j;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the benchmark journal in " + dir, e);
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
      StringBuilder line = new StringBuilder().append(caseId);
      QualityBenchmark.Reconstruction r = e.reconstruction();
      for (double v :
          new double[] {
            r.psnrDdim(),
            r.psnrNullText(),
            r.ssimDdim(),
            r.ssimNullText(),
            r.ddimSeconds(),
            r.nullTextSeconds()
          }) {
        line.append('\t').append(v);
      }
      for (CaseScore s : e.scores()) {
        line.append('\t').append(format(s));
      }
      line.append('\t').append(e.images().isEmpty() ? "-" : "images").append('\n');
      Files.writeString(dir.resolve(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the benchmark journal in " + dir, ex);
    }
    done.put(caseId, e);
  }

  private void parse(String line) throws IOException {
    String[] f = line.split("\t");
    int id = Integer.parseInt(f[0]);
    var r =
        new QualityBenchmark.Reconstruction(d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]));
    List<CaseScore> scores = new ArrayList<>();
    for (int k = 7; k < f.length - 1; k++) {
      scores.add(parse(f[k].split(",")));
    }
    Map<Method, RgbImage> images = new EnumMap<>(Method.class);
    if (f[f.length - 1].equals("images")) {
      for (CaseScore s : scores) {
        images.put(
            s.method(),
            RgbImage.fromPng(Files.readAllBytes(dir.resolve(imageName(id, s.method())))));
      }
    }
    done.put(id, new Entry(r, scores, images));
  }

  private static String format(CaseScore s) {
    return String.join(
        ",",
        s.method().name(),
        s.kind().name(),
        Double.toString(s.psnrTruth()),
        Double.toString(s.ssimTruth()),
        Double.toString(s.psnrOutside()),
        Double.toString(s.ssimOutside()),
        Boolean.toString(s.correct()),
        Double.toString(s.clipScore()),
        Double.toString(s.clipDirectional()),
        Double.toString(s.seconds()),
        Double.toString(s.modelSeconds()));
  }

  private static CaseScore parse(String[] p) {
    return new CaseScore(
        Method.valueOf(p[0]),
        EditKind.valueOf(p[1]),
        d(p[2]),
        d(p[3]),
        d(p[4]),
        d(p[5]),
        Boolean.parseBoolean(p[6]),
        d(p[7]),
        d(p[8]),
        d(p[9]),
        d(p[10]));
  }

  private static double d(String s) {
    return Double.parseDouble(s);
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

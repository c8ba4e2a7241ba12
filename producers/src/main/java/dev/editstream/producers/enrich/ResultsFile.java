package dev.editstream.producers.enrich;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.jsonl} in an output folder: appended a line as each result arrives (so a run
 * stopped halfway keeps what it collected), read back by the next run to skip finished rows, and
 * rewritten at the end with one line per row in the input's order.
 */
final class ResultsFile implements AutoCloseable {

  static final String NAME = "results.jsonl";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;
  private final BufferedWriter appender;

  private ResultsFile(Path file) throws IOException {
    this.file = file;
    this.appender =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static ResultsFile open(Path outDir) throws IOException {
    return new ResultsFile(outDir.resolve(NAME));
  }

  /**
   * The rows a previous run wrote, by request id, the last line of an id winning. A line that does
   * not parse (a run killed mid-write) is ignored: its row is simply done again.
   */
  static Map<String, ResultRow> previous(Path outDir) throws IOException {
    Path file = outDir.resolve(NAME);
    Map<String, ResultRow> rows = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return rows;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        ResultRow row = JSON.readValue(line, ResultRow.class);
        if (row.id() != null) {
          rows.put(row.id(), row);
        }
      } catch (IOException e) {
        // a torn last line: that row is done again
      }
    }
    return rows;
  }

  void append(ResultRow row) throws IOException {
    appender.write(JSON.writeValueAsString(row));
    appender.newLine();
    appender.flush();
  }

  /** Replaces the file's lines with these, written to a temporary file and moved into place. */
  void rewrite(List<ResultRow> rows) throws IOException {
    appender.close();
    Path tmp = file.resolveSibling(NAME + ".tmp");
    StringBuilder text = new StringBuilder();
    for (ResultRow row : rows) {
      text.append(JSON.writeValueAsString(row)).append('\n');
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() throws IOException {
    appender.close();
  }
}

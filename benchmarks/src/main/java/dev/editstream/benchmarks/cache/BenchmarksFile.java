package dev.editstream.benchmarks.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root {@code BENCHMARKS.md}: one section per benchmark, between {@code <!-- name:begin -->}
 * and {@code <!-- name:end -->}, so each benchmark rewrites only its own section.
 */
public final class BenchmarksFile {

  private static final String HEADER =
      "# Benchmarks\n\n"
          + "Numbers measured by the benchmark commands on the machine each section names. Each"
          + " section is rewritten by its command; ratios are measured side by side in one run.\n";

  private BenchmarksFile() {}

  /**
   * Replaces (or appends) a section.
   *
   * @param file the file, created when missing
   * @param name the section's name (its markers)
   * @param markdown the section's text, its heading included
   */
  public static void writeSection(Path file, String name, String markdown) throws IOException {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
    String section = begin + "\n" + markdown.strip() + "\n" + end;
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from >= 0 && to > from) {
      text = text.substring(0, from) + section + text.substring(to + end.length());
    } else {
      text = text.stripTrailing() + "\n\n" + section + "\n";
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}

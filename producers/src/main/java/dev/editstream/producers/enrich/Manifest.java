package dev.editstream.producers.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads what {@code enrich} is given: a folder of PNG and JPEG images (in name order, each edited
 * as the command line says), or a manifest, {@code .jsonl} (one JSON object per line) or {@code
 * .csv} (a header row, then one row per image). A manifest row names its {@code image} (relative to
 * the manifest's folder) and may carry its own {@code id}, {@code label}, {@code caption}, {@code
 * edit}, {@code prompt}, {@code mask}, {@code strength}, {@code reweight} ({@code
 * word=factor,...}), {@code seed} and {@code expect} (see {@link EnrichItem}).
 *
 * <p>A row that names an unknown field, or a value of the wrong type, is read as far as it goes and
 * marked with its problem ({@link Row#problem}), so one bad row does not stop the others.
 */
public final class Manifest {

  /** The fields a manifest row may have. */
  public static final Set<String> FIELDS =
      Set.of(
          "image",
          "id",
          "label",
          "caption",
          "edit",
          "prompt",
          "mask",
          "strength",
          "reweight",
          "seed",
          "expect");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One row read: the item, or what is wrong with it.
   *
   * @param item the row as read (its image may not exist: the run checks)
   * @param problem why the row cannot become a request, or null
   */
  public record Row(EnrichItem item, String problem) {}

  private Manifest() {}

  /**
   * Reads an input.
   *
   * @param input a folder, a {@code .jsonl} or a {@code .csv} file
   * @return its rows, in order
   * @throws ManifestException when the input cannot be read at all
   */
  public static List<Row> read(Path input) throws ManifestException {
    if (Files.isDirectory(input)) {
      return folder(input);
    }
    if (!Files.isRegularFile(input)) {
      throw new ManifestException("no such folder or manifest: " + input, null);
    }
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return jsonLines(input);
      }
      if (name.endsWith(".csv")) {
        return csv(input);
      }
    } catch (IOException e) {
      throw new ManifestException("cannot read " + input + ": " + e.getMessage(), e);
    }
    throw new ManifestException(
        "the input must be a folder, a .jsonl or a .csv manifest: " + input, null);
  }

  private static List<Row> folder(Path dir) throws ManifestException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> images =
          files.filter(Files::isRegularFile).filter(Manifest::isImage).sorted().toList();
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        rows.add(new Row(EnrichItem.of(i + 1, images.get(i)), null));
      }
      return rows;
    } catch (IOException e) {
      throw new ManifestException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  private static List<Row> jsonLines(Path file) throws IOException {
    Path base = base(file);
    List<String> lines = Files.readAllLines(file);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        rows.add(unreadable(i + 1, "line " + (i + 1) + " is not JSON: " + e.getOriginalMessage()));
        continue;
      }
      if (!(node instanceof ObjectNode object)) {
        rows.add(unreadable(i + 1, "line " + (i + 1) + " is not a JSON object"));
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = object.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          fields.put(
              e.getKey(),
              e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
      }
      rows.add(row(i + 1, fields, base));
    }
    return rows;
  }

  private static List<Row> csv(Path file) throws IOException {
    Path base = base(file);
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<Row> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        mapper.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
      int line = 1;
      while (it.hasNext()) {
        line++;
        Map<String, String> fields = new LinkedHashMap<>();
        it.next()
            .forEach(
                (k, v) -> {
                  if (v != null && !v.isBlank()) {
                    fields.put(k.strip(), v.strip());
                  }
                });
        if (!fields.isEmpty()) {
          rows.add(row(line, fields, base));
        }
      }
    }
    return rows;
  }

  private static Path base(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  private static Row unreadable(int line, String problem) {
    return new Row(EnrichItem.of(line, null), problem);
  }

  private static Row row(int line, Map<String, String> f, Path base) {
    List<String> problems = new ArrayList<>();
    for (String key : f.keySet()) {
      if (!FIELDS.contains(key)) {
        problems.add("unknown field '" + key + "' (fields: " + String.join(", ", sorted()) + ")");
      }
    }
    String image = f.get("image");
    if (image == null) {
      problems.add("no 'image'");
    }
    Float strength = number(f, "strength", problems, Float::parseFloat);
    Long seed = number(f, "seed", problems, Long::parseLong);
    Map<String, Float> reweight = reweight(f.get("reweight"), problems);
    EnrichItem item =
        new EnrichItem(
            line,
            image == null ? null : base.resolve(image).normalize(),
            f.get("id"),
            f.get("label"),
            f.get("caption"),
            f.get("edit"),
            f.get("prompt"),
            f.get("mask"),
            strength,
            reweight,
            seed,
            f.get("expect"));
    return new Row(
        item, problems.isEmpty() ? null : "row " + line + ": " + String.join("; ", problems));
  }

  private static List<String> sorted() {
    return FIELDS.stream().sorted().toList();
  }

  private static <T> T number(
      Map<String, String> f,
      String key,
      List<String> problems,
      java.util.function.Function<String, T> parse) {
    String v = f.get(key);
    if (v == null) {
      return null;
    }
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      problems.add("'" + key + "' is not a number: " + v);
      return null;
    }
  }

  private static Map<String, Float> reweight(String text, List<String> problems) {
    if (text == null) {
      return null;
    }
    Map<String, Float> weights = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=");
      try {
        if (kv.length != 2) {
          throw new NumberFormatException();
        }
        weights.put(kv[0].strip(), Float.parseFloat(kv[1].strip()));
      } catch (NumberFormatException e) {
        problems.add("'reweight' is word=factor,...: " + text);
        return null;
      }
    }
    return weights;
  }
}

package dev.editstream.editing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.editing.BundleException.Reason;
import dev.editstream.schemas.avro.BlendFootprint;
import dev.editstream.schemas.avro.InversionMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A bundle's tuned editing defaults: its {@code editing.json}, beside {@code bundle.json}. The
 * planner starts every edit from these; a request's explicit settings override them. The file names
 * the report that measured them, so a default is never a guess. Every field is documented in {@code
 * docs/model-bundle.md}.
 *
 * @param report the document whose measurements chose these values (e.g. docs/quality.md)
 * @param measured how and on what they were measured, free text
 * @param steps DDIM steps of inversion and sampling
 * @param guidance classifier-free guidance scale
 * @param inversion how sources are inverted
 * @param appearance prompt-to-prompt settings for edits of appearance (colours, emphasis)
 * @param structure the same for edits that change layout (words of a structural class)
 * @param wordMaskThreshold threshold of masks made from words
 * @param sdeditStrength SDEdit's strength when a request gives none
 * @param wordClasses named classes of vocabulary words (e.g. colour, shape, size)
 * @param structuralClasses the classes whose change alters the layout
 * @param scene how captions list objects, for telling objects apart in local blending
 * @param calibrationCaptions captions whose pooled text norm calibrates image-to-prompt conversion
 */
public record EditingDefaults(
    String report,
    String measured,
    int steps,
    double guidance,
    Inversion inversion,
    Injection appearance,
    Injection structure,
    double wordMaskThreshold,
    double sdeditStrength,
    Map<String, List<String>> wordClasses,
    List<String> structuralClasses,
    Scene scene,
    List<String> calibrationCaptions) {

  /** The file name inside a bundle directory. */
  public static final String FILE = "editing.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /**
   * Inversion defaults.
   *
   * @param method DDIM or NULL_TEXT
   * @param nullTextInnerSteps Adam iterations per step at most (null-text)
   */
  public record Inversion(InversionMethod method, int nullTextInnerSteps) {}

  /**
   * Prompt-to-prompt settings for one kind of edit.
   *
   * @param crossFraction share of steps with cross-attention injection
   * @param selfFraction share of steps with self-attention injection (conditional branch)
   * @param unconditionalSelfFraction the same in the unconditional branch (P2Plus)
   * @param blend local blending
   */
  public record Injection(
      double crossFraction, double selfFraction, double unconditionalSelfFraction, Blend blend) {}

  /**
   * Local-blend settings.
   *
   * @param threshold on the min-max normalised word map
   * @param start share of steps before blending begins
   * @param footprint whose maps outline the region
   */
  public record Blend(double threshold, double start, BlendFootprint footprint) {}

  /**
   * How captions list objects: "a small red circle and a large blue square on a white background"
   * lists two objects separated by "and", ending where "on" begins the background.
   *
   * @param objectSeparator the word between object phrases
   * @param objectsEndAt the word after the last object phrase
   * @param separatingClasses word classes compared between the edited object and the others, in
   *     order; every class whose words differ tells them apart
   * @param fallbackClasses compared only when no separating class differs
   */
  public record Scene(
      String objectSeparator,
      String objectsEndAt,
      List<String> separatingClasses,
      List<String> fallbackClasses) {}

  /**
   * Reads and checks {@code editing.json} of a bundle directory against its tokenizer.
   *
   * @throws BundleException MISSING_FILE or INVALID_MANIFEST, naming every problem
   */
  public static EditingDefaults read(Path dir, Tokenizer tokenizer) {
    Path file = dir.resolve(FILE);
    EditingDefaults d;
    try {
      d = JSON.readValue(Files.readString(file), EditingDefaults.class);
    } catch (NoSuchFileException e) {
      throw new BundleException(Reason.MISSING_FILE, "no " + FILE + " in " + dir);
    } catch (IOException e) {
      throw new BundleException(
          Reason.INVALID_MANIFEST, file + " is not valid: " + e.getMessage(), e);
    }
    List<String> problems = d.problems(tokenizer);
    if (!problems.isEmpty()) {
      throw new BundleException(Reason.INVALID_MANIFEST, file + ": " + String.join("; ", problems));
    }
    return d;
  }

  /** What is wrong with these defaults for this tokenizer; empty when they are usable. */
  List<String> problems(Tokenizer tokenizer) {
    List<String> p = new ArrayList<>();
    if (report == null || report.isBlank()) {
      p.add("'report' must name the report that measured the defaults");
    }
    if (steps < 1) {
      p.add("'steps' must be >= 1");
    }
    if (!(guidance >= 0)) {
      p.add("'guidance' must be >= 0");
    }
    if (inversion == null || inversion.method() == null || inversion.nullTextInnerSteps() < 0) {
      p.add("'inversion' needs a method and nullTextInnerSteps >= 0");
    }
    checkInjection(p, "appearance", appearance);
    checkInjection(p, "structure", structure);
    if (!(wordMaskThreshold > 0 && wordMaskThreshold < 1)) {
      p.add("'wordMaskThreshold' must be in (0, 1)");
    }
    if (!(sdeditStrength > 0 && sdeditStrength <= 1)) {
      p.add("'sdeditStrength' must be in (0, 1]");
    }
    Map<String, List<String>> classes = wordClasses == null ? Map.of() : wordClasses;
    classes.forEach(
        (name, words) ->
            words.stream()
                .filter(w -> !tokenizer.knows(w))
                .forEach(
                    w -> p.add("word class '" + name + "': '" + w + "' is not in the vocabulary")));
    for (String c : Objects.requireNonNullElse(structuralClasses, List.<String>of())) {
      if (!classes.containsKey(c)) {
        p.add("structural class '" + c + "' is not a word class");
      }
    }
    if (scene != null) {
      Set<String> known = classes.keySet();
      scene.separatingClasses().stream()
          .filter(c -> !known.contains(c))
          .forEach(c -> p.add("scene class '" + c + "' is not a word class"));
      scene.fallbackClasses().stream()
          .filter(c -> !known.contains(c))
          .forEach(c -> p.add("scene class '" + c + "' is not a word class"));
    }
    return p;
  }

  private static void checkInjection(List<String> p, String name, Injection i) {
    if (i == null || i.blend() == null || i.blend().footprint() == null) {
      p.add("'" + name + "' needs fractions and a blend with a footprint");
      return;
    }
    for (double f :
        new double[] {
          i.crossFraction(), i.selfFraction(), i.unconditionalSelfFraction(), i.blend().start()
        }) {
      if (!(f >= 0 && f <= 1)) {
        p.add("'" + name + "' fractions must be in [0, 1]");
        return;
      }
    }
    if (!(i.blend().threshold() >= 0 && i.blend().threshold() < 1)) {
      p.add("'" + name + "' blend threshold must be in [0, 1)");
    }
  }

  /** The words of a class; empty for an unknown class. */
  public List<String> words(String wordClass) {
    return wordClasses == null ? List.of() : wordClasses.getOrDefault(wordClass, List.of());
  }

  /** The class a word belongs to (the first listing it), or null. */
  public String classOf(String word) {
    if (wordClasses == null) {
      return null;
    }
    for (var e : wordClasses.entrySet()) {
      if (e.getValue().stream().anyMatch(w -> w.equalsIgnoreCase(word))) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Whether changing this word alters the layout. */
  public boolean isStructural(String word) {
    String c = classOf(word);
    return c != null && structuralClasses != null && structuralClasses.contains(c);
  }
}

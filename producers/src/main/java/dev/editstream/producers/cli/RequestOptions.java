package dev.editstream.producers.cli;

import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.Point;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Turns {@code submit}'s option text into the contract's edit, mask and parameter values. */
final class RequestOptions {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final CommandLine commandLine;

  RequestOptions(CommandLine commandLine) {
    this.commandLine = commandLine;
  }

  Object edit(String kind, String prompt, Map<String, Float> reweights, float strength) {
    List<WordWeight> weights = new ArrayList<>();
    if (reweights != null) {
      reweights.forEach((word, factor) -> weights.add(new WordWeight(word, factor)));
    }
    String k = kind.toLowerCase(Locale.ROOT);
    if (k.equals("variation")) {
      return new Variation();
    }
    if (prompt == null) {
      throw new ParameterException(commandLine, "--edit " + k + " needs --prompt");
    }
    return switch (k) {
      case "replace" -> new PromptEdit(PromptEditMode.REPLACE, prompt, weights);
      case "refine" -> new PromptEdit(PromptEditMode.REFINE, prompt, weights);
      case "reweight" -> new PromptEdit(PromptEditMode.REWEIGHT, prompt, weights);
      case "sdedit" -> new SdEdit(strength, prompt);
      case "masked" -> new MaskedEdit(prompt);
      default ->
          throw new ParameterException(
              commandLine,
              "--edit must be replace, refine, reweight, sdedit, masked or variation: " + kind);
    };
  }

  Object mask(List<String> words, String box, String polygon, Path image) throws IOException {
    int given =
        (words == null ? 0 : 1)
            + (box == null ? 0 : 1)
            + (polygon == null ? 0 : 1)
            + (image == null ? 0 : 1);
    if (given > 1) {
      throw new ParameterException(commandLine, "give at most one of the --mask-* options");
    }
    if (words != null) {
      return new MaskWords(words);
    }
    if (box != null) {
      int[] v = ints("--mask-box", box);
      if (v.length != 4) {
        throw new ParameterException(commandLine, "--mask-box needs X,Y,W,H: " + box);
      }
      return new MaskBox(v[0], v[1], v[2], v[3]);
    }
    if (polygon != null) {
      int[] v = ints("--mask-polygon", polygon);
      if (v.length % 2 != 0) {
        throw new ParameterException(commandLine, "--mask-polygon needs X,Y pairs: " + polygon);
      }
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < v.length; i += 2) {
        points.add(new Point(v[i], v[i + 1]));
      }
      return new MaskPolygon(points);
    }
    if (image != null) {
      return new MaskImage(ByteBuffer.wrap(Files.readAllBytes(image)));
    }
    return null;
  }

  Instant deadline(String text) {
    Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return Instant.now().plus(d);
      }
      if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Instant.now().plus(Duration.parse(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          commandLine, "--deadline must be an ISO instant or a duration like 10m: " + text);
    }
  }

  InversionMethod inversion(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "ddim" -> InversionMethod.DDIM;
      case "null-text", "null_text", "nulltext" -> InversionMethod.NULL_TEXT;
      default -> throw new ParameterException(commandLine, "--inversion must be ddim or null-text");
    };
  }

  private int[] ints(String option, String text) {
    try {
      String[] parts = text.split(",");
      int[] values = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Integer.parseInt(parts[i].trim());
      }
      return values;
    } catch (NumberFormatException e) {
      throw new ParameterException(commandLine, option + " needs whole numbers: " + text);
    }
  }
}

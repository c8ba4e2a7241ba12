package dev.editstream.producers.cli;

import dev.editstream.producers.EditText;
import dev.editstream.producers.InvalidEditTextException;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.MaskWords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
    try {
      return EditText.edit(kind, prompt, reweights, strength);
    } catch (InvalidEditTextException e) {
      throw new ParameterException(commandLine, "--edit: " + e.getMessage());
    }
  }

  Object mask(List<String> words, String box, String polygon, Path image) {
    int given =
        (words == null ? 0 : 1)
            + (box == null ? 0 : 1)
            + (polygon == null ? 0 : 1)
            + (image == null ? 0 : 1);
    if (given > 1) {
      throw new ParameterException(commandLine, "give at most one of the --mask-* options");
    }
    try {
      if (words != null) {
        return new MaskWords(words);
      }
      if (box != null) {
        return EditText.box(box);
      }
      if (polygon != null) {
        return EditText.polygon(polygon);
      }
      return image == null ? null : EditText.image(image);
    } catch (InvalidEditTextException e) {
      throw new ParameterException(commandLine, "--mask: " + e.getMessage());
    }
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
}

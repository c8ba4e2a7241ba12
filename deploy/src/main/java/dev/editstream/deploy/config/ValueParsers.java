package dev.editstream.deploy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types configuration keys use. */
final class ValueParsers {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private ValueParsers() {}

  static ValueParser<String> text() {
    return text -> text;
  }

  static ValueParser<String> nonEmptyText() {
    return text -> {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return text;
    };
  }

  /** Empty, or 1-100 letters, digits, '.', '_' or '-' (an id that names Kafka resources). */
  static ValueParser<String> optionalId() {
    return text -> {
      if (!text.isEmpty() && !text.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException(
            "must be empty or 1-100 letters, digits, '.', '_' or '-', was '" + text + "'");
      }
      return text;
    };
  }

  /** One of a few words, case-insensitive; the value is the word as listed. */
  static ValueParser<String> oneOf(String... words) {
    return text -> {
      for (String word : words) {
        if (word.equalsIgnoreCase(text)) {
          return word;
        }
      }
      throw new IllegalArgumentException("must be one of " + String.join(", ", words));
    };
  }

  static ValueParser<Boolean> bool() {
    return text -> {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new IllegalArgumentException("must be true or false");
    };
  }

  static ValueParser<Path> path() {
    return text -> {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("must name a directory");
      }
      return Path.of(text);
    };
  }

  static ValueParser<Integer> port() {
    return intRange(0, 65_535);
  }

  static ValueParser<Integer> intRange(int min, int max) {
    return text -> {
      long value = parseLong(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return (int) value;
    };
  }

  static ValueParser<Long> longRange(long min, long max) {
    return text -> {
      long value = parseLong(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    };
  }

  static ValueParser<Double> doubleRange(double min, double max) {
    return text -> {
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number");
      }
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    };
  }

  /** Comma-separated positive integers, ascending; empty for none. */
  static ValueParser<List<Integer>> ascendingSizes() {
    return text -> {
      List<Integer> sizes = new java.util.ArrayList<>();
      for (String part : text.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int size = intRange(1, 1024).parse(part.trim());
        if (!sizes.isEmpty() && size <= sizes.get(sizes.size() - 1)) {
          throw new IllegalArgumentException("sizes must be ascending: " + text);
        }
        sizes.add(size);
      }
      return List.copyOf(sizes);
    };
  }

  /** A comma-separated list of names; at least one. */
  static ValueParser<List<String>> names() {
    return text -> {
      List<String> names =
          Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (names.isEmpty()) {
        throw new IllegalArgumentException("must list at least one name, comma-separated");
      }
      return names;
    };
  }

  /**
   * A positive duration: ISO-8601 ({@code PT10M}) or short ({@code 500ms}, {@code 30s}, {@code
   * 7d}).
   */
  static ValueParser<Duration> duration() {
    return text -> {
      Duration duration = parseDuration(text);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return duration;
    };
  }

  private static Duration parseDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be a duration such as 500ms, 30s, 10m, 2h, 7d or PT10M");
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
  }
}

package dev.editstream.deploy.config;

/**
 * Turns a configuration value's text into a typed value.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface ValueParser<T> {

  /**
   * Parses the text.
   *
   * @param text the trimmed text, possibly empty
   * @return the value
   * @throws IllegalArgumentException with a message saying what is wrong and what is expected
   */
  T parse(String text);
}

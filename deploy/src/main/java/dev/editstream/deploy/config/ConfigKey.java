package dev.editstream.deploy.config;

import java.util.Objects;

/**
 * One configuration key: its name, default, documentation and how its text becomes a value.
 *
 * @param name the property name, e.g. {@code editstream.kafka.port}
 * @param defaultValue the default as text; empty means "not set" (derived from other keys)
 * @param doc one sentence for {@code docs/configuration.md}
 * @param parser turns text into a typed value or says why it cannot
 * @param <T> the value's type
 */
public record ConfigKey<T>(String name, String defaultValue, String doc, ValueParser<T> parser) {

  /** Checks every field is present. */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(parser, "parser");
  }

  /**
   * Returns the environment variable that overrides this key: {@code editstream.kafka.port} becomes
   * {@code EDITSTREAM_KAFKA_PORT}.
   */
  public String environmentVariable() {
    return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}

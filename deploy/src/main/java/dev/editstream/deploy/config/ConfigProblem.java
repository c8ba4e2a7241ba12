package dev.editstream.deploy.config;

/**
 * One reason the configuration was refused.
 *
 * @param code stable reason code: {@code CONFIG_UNKNOWN_KEY}, {@code CONFIG_INVALID_VALUE}, {@code
 *     CONFIG_FILE_UNREADABLE} or {@code CONFIG_CONFLICT}
 * @param key the key concerned, or the file for {@code CONFIG_FILE_UNREADABLE}
 * @param message what is wrong and where the value came from
 */
public record ConfigProblem(String code, String key, String message) {

  @Override
  public String toString() {
    return code + " " + key + ": " + message;
  }
}

package dev.editstream.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a schema registry, read from Confluent-style configuration keys.
 *
 * <ul>
 *   <li>{@code schema.registry.url}: comma-separated base URLs (tried in order), or {@code
 *       mock://scope} for an in-process registry in tests ({@link MockSchemaRegistry}).
 *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} (or {@code URL}, taking {@code
 *       user:pass@} from the URL).
 *   <li>{@code basic.auth.user.info}: {@code user:pass} (also read with the {@code
 *       schema.registry.} prefix).
 *   <li>{@code schema.registry.max.retries} (default 3), {@code schema.registry.retry.backoff.ms}
 *       (default 100), {@code schema.registry.request.timeout.ms} (default 10000).
 * </ul>
 *
 * @param urls registry base URLs
 * @param userInfo {@code user:pass} for basic authentication, if any
 * @param maxRetries retries after a 5xx or I/O failure
 * @param retryBackoff first backoff; doubled per retry
 * @param requestTimeout timeout per HTTP request
 */
public record RegistryClientConfig(
    List<URI> urls,
    Optional<String> userInfo,
    int maxRetries,
    Duration retryBackoff,
    Duration requestTimeout) {

  /** Comma-separated registry URLs. */
  public static final String URL = "schema.registry.url";

  /** Where basic-auth credentials come from: USER_INFO or URL. */
  public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:pass} for basic authentication. */
  public static final String USER_INFO = "basic.auth.user.info";

  /** Retries after a 5xx or I/O failure. */
  public static final String MAX_RETRIES = "schema.registry.max.retries";

  /** First retry backoff in milliseconds. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  /** Per-request timeout in milliseconds. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /** Validates the fields. */
  public RegistryClientConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " must name at least one registry");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0: " + maxRetries);
    }
  }

  /** A configuration for one URL, no authentication, default retries. */
  public static RegistryClientConfig of(String url) {
    return fromMap(Map.of(URL, url));
  }

  /**
   * Reads the configuration from serde/client properties.
   *
   * @throws IllegalArgumentException naming the key that is missing or invalid
   */
  public static RegistryClientConfig fromMap(Map<String, ?> props) {
    Object raw = props.get(URL);
    if (raw == null || raw.toString().isBlank()) {
      throw new IllegalArgumentException("missing " + URL);
    }
    List<URI> urls = new ArrayList<>();
    for (String part : raw.toString().split(",")) {
      if (!part.isBlank()) {
        urls.add(parseUrl(part.strip()));
      }
    }
    String source = string(props, CREDENTIALS_SOURCE, "USER_INFO");
    Optional<String> userInfo =
        switch (source.toUpperCase(java.util.Locale.ROOT)) {
          case "USER_INFO" ->
              Optional.ofNullable(
                      string(props, USER_INFO, string(props, "schema.registry." + USER_INFO, null)))
                  .filter(s -> !s.isBlank());
          case "URL" -> Optional.ofNullable(urls.get(0).getUserInfo());
          default ->
              throw new IllegalArgumentException(
                  CREDENTIALS_SOURCE + " must be USER_INFO or URL: " + source);
        };
    userInfo.ifPresent(
        info -> {
          if (!info.contains(":")) {
            throw new IllegalArgumentException(USER_INFO + " must be user:password");
          }
        });
    return new RegistryClientConfig(
        urls,
        userInfo,
        (int) number(props, MAX_RETRIES, 3),
        Duration.ofMillis(number(props, RETRY_BACKOFF_MS, 100)),
        Duration.ofMillis(number(props, REQUEST_TIMEOUT_MS, 10_000)));
  }

  /** Whether this names an in-process {@code mock://} registry. */
  public boolean isMock() {
    return "mock".equals(urls.get(0).getScheme());
  }

  private static URI parseUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL + " is not a URL: " + url, e);
    }
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) && !"mock".equals(scheme)) {
      throw new IllegalArgumentException(URL + " must be http(s):// or mock://: " + url);
    }
    return uri;
  }

  private static String string(Map<String, ?> props, String key, String fallback) {
    Object value = props.get(key);
    return value == null ? fallback : value.toString();
  }

  private static long number(Map<String, ?> props, String key, long fallback) {
    Object value = props.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number: " + value, e);
    }
  }
}

package dev.editstream.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway listens and what it takes.
 *
 * @param host the address to bind (loopback unless configured otherwise)
 * @param port the port; 0 picks a free one
 * @param token the bearer token every call must carry; empty for none
 * @param maxBodyBytes the largest request body taken; larger ones are answered 413
 * @param idempotencyRetention how long the gateway remembers what it submitted under a
 *     client-chosen id, to answer a retry without asking the status store
 */
public record GatewaySettings(
    String host, int port, String token, long maxBodyBytes, Duration idempotencyRetention) {

  /** Checks the values. */
  public GatewaySettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(idempotencyRetention, "idempotencyRetention");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
  }

  /** The bearer token, when calls must carry one. */
  public Optional<String> requiredToken() {
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}

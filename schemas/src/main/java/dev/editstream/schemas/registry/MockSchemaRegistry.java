package dev.editstream.schemas.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-process registries for tests without a registry server, addressed as {@code
 * schema.registry.url=mock://<scope>} (as with Confluent's serdes). Serdes configured with the same
 * scope share one registry; {@link #dropScope} forgets it.
 */
public final class MockSchemaRegistry {

  private static final ConcurrentMap<String, SchemaRegistryClient> SCOPES =
      new ConcurrentHashMap<>();

  private MockSchemaRegistry() {}

  /** The registry of a scope, created on first use. */
  public static SchemaRegistryClient forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
  }

  /** Forgets a scope's registry (its schemas and ids). */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }
}

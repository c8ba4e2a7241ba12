package dev.editstream.schemas.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * What the serdes and tools need from a Confluent-compatible schema registry. Implementations cache
 * id-to-schema and schema-to-id answers, which never change once given.
 *
 * <p>Every method throws {@link SchemaRegistryException} on failure, carrying Confluent's error
 * code.
 */
public interface SchemaRegistryClient extends Closeable {

  /**
   * Registers a schema under a subject (or finds it, if already there) and returns its global id.
   */
  int register(String subject, Schema schema);

  /** Finds an already registered schema under a subject; 40401/40403 if it is not there. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with a global id; 40403 if unknown. */
  Schema schemaById(int id);

  /** The latest version of a subject; 40401 if the subject is unknown. */
  RegisteredSchema latest(String subject);

  /** One version of a subject; 40401/40402 if unknown. */
  RegisteredSchema version(String subject, int version);

  /** Every subject with at least one version. */
  List<String> subjects();

  /** The versions of a subject, ascending. */
  List<Integer> versions(String subject);

  /**
   * Whether a schema may be registered after the given version of a subject, under the subject's
   * compatibility level.
   *
   * @param version a version number or {@code latest}
   */
  boolean isCompatible(String subject, String version, Schema schema);

  /** The global compatibility level (BACKWARD, FORWARD, FULL, NONE, ..._TRANSITIVE). */
  String globalCompatibility();

  /** Sets the global compatibility level. */
  void setGlobalCompatibility(String level);

  /** The compatibility level of a subject, falling back to the global level. */
  String subjectCompatibility(String subject);

  /** Sets a subject's compatibility level. */
  void setSubjectCompatibility(String subject, String level);

  /**
   * A client for the configured registry: the in-process registry of a {@code mock://} scope, or a
   * REST client of the configured URLs.
   */
  static SchemaRegistryClient create(RegistryClientConfig config) {
    if (config.isMock()) {
      return MockSchemaRegistry.forScope(config.urls().get(0).getAuthority());
    }
    return new RestSchemaRegistryClient(config);
  }

  /** Releases connections; the default does nothing. */
  @Override
  default void close() {}
}

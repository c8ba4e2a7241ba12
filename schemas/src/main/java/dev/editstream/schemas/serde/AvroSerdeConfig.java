package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.RegistryClientConfig;
import java.util.Map;

/**
 * Configuration of the Avro serdes, with Confluent's keys so that pointing them at a Confluent
 * Schema Registry needs only the URL.
 *
 * <ul>
 *   <li>{@code schema.registry.url} and basic-auth keys: see {@link RegistryClientConfig}.
 *   <li>{@code auto.register.schemas} (default true): the serializer registers the record's schema
 *       under {@code <topic>-key|value}; when false it looks the schema up and fails if absent.
 *   <li>{@code use.latest.version} (default false, only with auto-register off): write with the
 *       subject's latest schema, converting the record to it.
 *   <li>{@code specific.avro.reader} (default true): {@link SpecificAvroDeserializer} reads
 *       generated classes and refuses {@code false}; {@link GenericAvroDeserializer} reads {@code
 *       GenericRecord}s.
 * </ul>
 *
 * @param registry how to reach the registry
 * @param autoRegisterSchemas whether the serializer registers schemas
 * @param useLatestVersion whether the serializer writes with the subject's latest schema
 * @param specificAvroReader whether generated classes are wanted when reading
 */
public record AvroSerdeConfig(
    RegistryClientConfig registry,
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    boolean specificAvroReader) {

  /** Comma-separated registry URLs (or {@code mock://scope}). */
  public static final String SCHEMA_REGISTRY_URL = RegistryClientConfig.URL;

  /** Whether the serializer registers schemas (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Whether the serializer writes with the subject's latest schema (default false). */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Whether an untyped deserializer returns generated classes (default true). */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /**
   * Reads the configuration from serde properties.
   *
   * @throws IllegalArgumentException naming the key that is missing or invalid
   */
  public static AvroSerdeConfig fromMap(Map<String, ?> props) {
    return new AvroSerdeConfig(
        RegistryClientConfig.fromMap(props),
        flag(props, AUTO_REGISTER_SCHEMAS, true),
        flag(props, USE_LATEST_VERSION, false),
        flag(props, SPECIFIC_AVRO_READER, true));
  }

  private static boolean flag(Map<String, ?> props, String key, boolean fallback) {
    Object value = props.get(key);
    if (value == null) {
      return fallback;
    }
    String text = value.toString().strip();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(key + " must be true or false: " + value);
  }
}

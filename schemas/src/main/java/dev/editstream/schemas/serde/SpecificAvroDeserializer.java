package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Confluent-wire-format Avro into generated classes: the writer schema comes from the
 * registry by the id in the payload and is resolved against the reader's schema (the target class,
 * or the generated class named like the writer schema when no class was given).
 *
 * <p>Fails with a {@link SerializationException} naming the problem for a payload that is too
 * short, has a wrong magic byte, or carries an id the registry does not know.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> extends AvroPayloadDeserializer<T> {

  private final Class<T> type;

  /** A deserializer choosing the generated class by the writer schema's full name. */
  public SpecificAvroDeserializer() {
    this(null, null);
  }

  /** A deserializer reading into {@code type}. */
  public SpecificAvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /**
   * A deserializer reading into {@code type} through the given client.
   *
   * @param type target class, or null to choose by writer schema name
   * @param client registry client, or null to create one in {@link #configure}
   */
  public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    super(client);
    this.type = type;
  }

  @Override
  void validate(AvroSerdeConfig config) {
    if (!config.specificAvroReader()) {
      throw new ConfigException(
          AvroSerdeConfig.SPECIFIC_AVRO_READER
              + "=false: use GenericAvroDeserializer to read GenericRecords");
    }
  }

  @Override
  DatumReader<T> readerFor(Schema writer) {
    Schema reader = readerSchema(writer);
    return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
  }

  private Schema readerSchema(Schema writer) {
    if (type != null) {
      return SpecificData.get().getSchema(type);
    }
    Class<?> named = SpecificData.get().getClass(writer);
    if (named == null || !SpecificRecord.class.isAssignableFrom(named)) {
      throw new SerializationException(
          "No generated class for " + writer.getFullName() + " on the classpath");
    }
    return SpecificData.get().getSchema(named);
  }
}

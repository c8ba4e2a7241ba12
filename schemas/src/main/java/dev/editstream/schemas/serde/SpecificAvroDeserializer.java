package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.SchemaRegistryClient;
import dev.editstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

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
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final Class<T> type;
  private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;

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
    this.type = type;
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
    if (client == null) {
      client = SchemaRegistryClient.create(config.registry());
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("SpecificAvroDeserializer used before configure()");
    }
    int id = WireFormat.schemaId(topic, data);
    DatumReader<T> reader = readers.computeIfAbsent(id, i -> readerFor(topic, i));
    try {
      return reader.read(
          null,
          DecoderFactory.get()
              .binaryDecoder(
                  data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
    } catch (IOException | AvroRuntimeException | ClassCastException e) {
      throw new SerializationException(
          "Cannot decode Avro record with schema id " + id + " on topic " + topic, e);
    }
  }

  private DatumReader<T> readerFor(String topic, int id) {
    Schema writer;
    try {
      writer = client.schemaById(id);
    } catch (SchemaRegistryException e) {
      String what =
          e.errorCode() == 40403
              ? "Unknown schema id " + id + " on topic " + topic + ": the registry does not have it"
              : "Cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage();
      throw new SerializationException(what, e);
    }
    Schema readerSchema = readerSchema(writer);
    return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForSchema(readerSchema));
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

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}

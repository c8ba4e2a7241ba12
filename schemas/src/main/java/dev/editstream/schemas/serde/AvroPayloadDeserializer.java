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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reading Confluent-wire-format payloads: checks the frame, resolves the writer schema by id
 * (cached per id) and decodes with a reader the subclass chooses for that writer schema.
 *
 * @param <T> what the payload is read into
 */
abstract class AvroPayloadDeserializer<T> implements Deserializer<T> {

  private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;

  AvroPayloadDeserializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** A reader of data written with {@code writer}, resolving it to the wanted form. */
  abstract DatumReader<T> readerFor(Schema writer);

  /** Checks the serde configuration; called once from {@link #configure}. */
  void validate(AvroSerdeConfig config) {}

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    configure(configs, null);
  }

  /** Configures with a client shared with a serializer (or null to create one). */
  void configure(Map<String, ?> configs, SchemaRegistryClient shared) {
    AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
    validate(config);
    if (client == null) {
      client = shared != null ? shared : SchemaRegistryClient.create(config.registry());
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " used before configure()");
    }
    int id = WireFormat.schemaId(topic, data);
    DatumReader<T> reader = readers.computeIfAbsent(id, i -> readerFor(writerSchema(topic, i)));
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

  private Schema writerSchema(String topic, int id) {
    try {
      return client.schemaById(id);
    } catch (SchemaRegistryException e) {
      String what =
          e.errorCode() == 40403
              ? "Unknown schema id " + id + " on topic " + topic + ": the registry does not have it"
              : "Cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage();
      throw new SerializationException(what, e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}

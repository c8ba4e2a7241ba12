package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for Avro specific records in Confluent's wire format; configure with {@link
 * AvroSerdeConfig} keys, or get a configured one from {@link AvroSerdes#specific}.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;
  private final SchemaRegistryClient client;

  /** A serde choosing the class by writer schema name when reading. */
  public SpecificAvroSerde() {
    this(null, null);
  }

  /** A serde reading into {@code type}. */
  public SpecificAvroSerde(Class<T> type) {
    this(type, null);
  }

  /**
   * A serde reading into {@code type} through a given client.
   *
   * @param type target class, or null to choose by writer schema name
   * @param client registry client, or null to create one from the configuration
   */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
    this.serializer = new SpecificAvroSerializer<>(client);
    this.deserializer = new SpecificAvroDeserializer<>(type, client);
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // One client for both sides, so ids learnt when writing are known when reading.
    SchemaRegistryClient shared =
        client != null
            ? client
            : SchemaRegistryClient.create(AvroSerdeConfig.fromMap(configs).registry());
    serializer.configure(configs, isKey, shared);
    deserializer.configure(configs, shared);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}

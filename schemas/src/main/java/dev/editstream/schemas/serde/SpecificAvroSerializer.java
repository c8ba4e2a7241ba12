package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.RegisteredSchema;
import dev.editstream.schemas.registry.SchemaRegistryClient;
import dev.editstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in Confluent's wire format under the subject {@code <topic>-key} or
 * {@code <topic>-value} (TopicNameStrategy). Configure with {@link AvroSerdeConfig} keys.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> ids =
      new ConcurrentHashMap<>();
  // As Confluent's default (latest.cache.ttl.sec=-1): the latest version is learnt once per
  // subject; a restarted producer picks up a newer one.
  private final ConcurrentMap<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;
  private AvroSerdeConfig config;
  private boolean isKey;

  /** A serializer that creates its registry client in {@link #configure}. */
  public SpecificAvroSerializer() {}

  /** A serializer using the given client (configure still reads the other keys). */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey, null);
  }

  /** Configures with a client shared with a deserializer (or null to create one). */
  void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
    this.config = AvroSerdeConfig.fromMap(configs);
    this.isKey = isKey;
    if (client == null) {
      client = shared != null ? shared : SchemaRegistryClient.create(config.registry());
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("SpecificAvroSerializer used before configure()");
    }
    String subject = topic + (isKey ? "-key" : "-value");
    Schema schema = record.getSchema();
    try {
      if (config.useLatestVersion() && !config.autoRegisterSchemas()) {
        return writeWithLatest(subject, record);
      }
      int id =
          ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
              .computeIfAbsent(schema, s -> schemaId(subject, s));
      ByteArrayOutputStream out = new ByteArrayOutputStream(64);
      WireFormat.writeHeader(id, out);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<T>(schema, SpecificData.getForSchema(schema)).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "Cannot get a schema id for subject " + subject + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException se) {
        throw se;
      }
      throw new SerializationException(
          "Cannot serialize " + schema.getFullName() + " for topic " + topic, e);
    }
  }

  private int schemaId(String subject, Schema schema) {
    return config.autoRegisterSchemas()
        ? client.register(subject, schema)
        : client.lookup(subject, schema).id();
  }

  /** Converts the record to the subject's latest schema (schema resolution) and writes that. */
  private byte[] writeWithLatest(String subject, T record) throws IOException {
    RegisteredSchema latest = latestBySubject.computeIfAbsent(subject, client::latest);
    Schema own = record.getSchema();
    ByteArrayOutputStream body = new ByteArrayOutputStream(64);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
    new SpecificDatumWriter<T>(own, SpecificData.getForSchema(own)).write(record, encoder);
    encoder.flush();
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + WireFormat.HEADER_SIZE);
    WireFormat.writeHeader(latest.id(), out);
    if (SchemaNormalization.toParsingForm(own)
        .equals(SchemaNormalization.toParsingForm(latest.schema()))) {
      body.writeTo(out);
      return out.toByteArray();
    }
    Object converted =
        new GenericDatumReader<>(own, latest.schema(), GenericData.get())
            .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
    BinaryEncoder latestEncoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<>(latest.schema(), GenericData.get()).write(converted, latestEncoder);
    latestEncoder.flush();
    return out.toByteArray();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}

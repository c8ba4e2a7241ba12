package dev.editstream.schemas.serde;

import dev.editstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;

/**
 * Reads Confluent-wire-format Avro records as {@link GenericRecord}s in their writer schema, for
 * tools that handle any record (dead-letter inspection, replay) without generated classes.
 */
public class GenericAvroDeserializer extends AvroPayloadDeserializer<GenericRecord> {

  /** A deserializer that creates its registry client in {@link #configure}. */
  public GenericAvroDeserializer() {
    super(null);
  }

  /** A deserializer using the given client. */
  public GenericAvroDeserializer(SchemaRegistryClient client) {
    super(client);
  }

  @Override
  DatumReader<GenericRecord> readerFor(Schema writer) {
    return new GenericDatumReader<>(writer, writer, GenericData.get());
  }
}

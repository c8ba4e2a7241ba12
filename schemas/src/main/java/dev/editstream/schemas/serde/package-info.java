/**
 * Kafka serdes for Avro specific records in the Confluent wire format (magic byte 0, 4-byte schema
 * id, Avro binary), configured with Confluent's keys ({@link
 * dev.editstream.schemas.serde.AvroSerdeConfig}). Entry point: {@link
 * dev.editstream.schemas.serde.AvroSerdes#specific}.
 */
package dev.editstream.schemas.serde;

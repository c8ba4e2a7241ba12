/**
 * The contract: Avro schemas of every topic (generated into {@code dev.editstream.schemas.avro}),
 * the topic catalogue {@link dev.editstream.schemas.Topics}, Confluent-wire-format serdes ({@code
 * .serde}), the Schema Registry client and server ({@code .registry}) and blob references ({@code
 * .blob}).
 */
package dev.editstream.schemas;

/**
 * The contract: Avro schemas of every topic, the topic catalogue, Confluent-wire-format serdes and
 * the Schema Registry client.
 */
package dev.editstream.schemas;

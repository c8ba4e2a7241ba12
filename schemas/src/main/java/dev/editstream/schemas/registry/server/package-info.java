/**
 * An embedded, Confluent-API-compatible schema registry ({@link
 * dev.editstream.schemas.registry.server.EmbeddedSchemaRegistry}) storing schemas in Kafka's {@code
 * _schemas} topic. Everything but the entry point is internal.
 */
package dev.editstream.schemas.registry.server;

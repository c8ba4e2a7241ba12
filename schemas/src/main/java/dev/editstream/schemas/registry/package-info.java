/**
 * Client side of the Confluent Schema Registry REST API ({@link
 * dev.editstream.schemas.registry.SchemaRegistryClient}), its configuration, compatibility levels,
 * and in-process {@code mock://} registries for tests.
 */
package dev.editstream.schemas.registry;

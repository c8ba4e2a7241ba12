/**
 * Test support shipped in the schemas test-jar: {@link
 * dev.editstream.schemas.testing.KraftCluster}, a one-node KRaft Kafka cluster in the test JVM, and
 * {@link dev.editstream.schemas.testing.KafkaClusterExtension}, its JUnit 5 extension (optionally
 * with an embedded schema registry).
 */
package dev.editstream.schemas.testing;

/**
 * What every Kafka Streams application of the processors shares: {@link
 * dev.editstream.processors.streams.StreamsApp} starts one with exactly-once processing and the
 * dead-letter topic, reports its health and stops it leaving its group.
 */
package dev.editstream.processors.streams;

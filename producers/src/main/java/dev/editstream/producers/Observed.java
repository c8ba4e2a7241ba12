package dev.editstream.producers;

import java.time.Instant;

/**
 * One record seen by a {@link TopicFollower}.
 *
 * @param topic the topic it was read from
 * @param key its key (the request id for every data-flow topic)
 * @param value the deserialised value (an Avro record of the topic's type)
 * @param timestamp the record's timestamp
 */
public record Observed(String topic, String key, Object value, Instant timestamp) {}

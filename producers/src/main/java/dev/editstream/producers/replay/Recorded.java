package dev.editstream.producers.replay;

import java.time.Instant;

/** A record read from a topic, with where it was. */
record Recorded<V>(String key, V value, int partition, long offset, Instant timestamp) {}

package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its beginning as a {@code read_committed} consumer and keeps the values of the
 * keys a test cares about.
 */
final class Tail<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final Predicate<String> keys;
  private final List<V> values = new ArrayList<>();
  private final List<TopicPartition> partitions;

  Tail(String bootstrap, Topic<String, V> topic, Map<String, ?> serde, Predicate<String> keys) {
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde(serde).deserializer(),
            topic.valueSerde(serde).deserializer());
    this.keys = keys;
    this.partitions =
        consumer.partitionsFor(topic.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The values read so far, after one more short poll. */
  List<V> values() {
    poll();
    return List.copyOf(values);
  }

  /** The values of every record committed up to now: reads to the last stable offset. */
  List<V> readToEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      poll();
    }
    return List.copyOf(values);
  }

  private void poll() {
    for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
      if (record.key() != null && keys.test(record.key())) {
        values.add(record.value());
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}

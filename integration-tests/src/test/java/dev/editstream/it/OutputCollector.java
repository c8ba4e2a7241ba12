package dev.editstream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics from the beginning, read_committed, keeping every record it has seen, so a
 * test can wait for what it expects and then count exactly.
 */
final class OutputCollector implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new HashMap<>();

  OutputCollector(String bootstrapServers, Set<String> topics) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      seen.put(topic, new ArrayList<>());
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once and keeps what arrived. */
  void poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      seen.get(r.topic()).add(r);
    }
  }

  /**
   * Reads until every partition is consumed up to its last stable offset, as the broker reports it
   * now: everything committed so far has then been seen.
   */
  void drainCommitted() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      poll();
    }
  }

  List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    return seen.get(topic);
  }

  @Override
  public void close() {
    consumer.close();
  }
}

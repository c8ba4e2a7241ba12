package dev.editstream.producers;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads committed records of some catalogue topics as they arrive, without joining a consumer
 * group: it is positioned (at the end, or the beginning) when created, so nothing written after
 * that is missed and nothing is committed.
 */
public final class TopicFollower implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Deserializer<?>> values;

  private TopicFollower(
      KafkaConsumer<byte[], byte[]> consumer, Map<String, Deserializer<?>> values) {
    this.consumer = consumer;
    this.values = values;
  }

  /**
   * Starts following topics.
   *
   * @param settings where Kafka and the registry are
   * @param topics catalogue topics with string keys
   * @param fromBeginning true to read what is already there, false for new records only
   * @throws IllegalStateException when a topic does not exist (the stack is not provisioned)
   */
  public static TopicFollower follow(
      ClientSettings settings, List<Topic<String, ?>> topics, boolean fromBeginning) {
    KafkaConsumer<byte[], byte[]> consumer = CommittedReader.open(settings, "editstream-follower");
    try {
      Map<String, Deserializer<?>> values = new HashMap<>();
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<String, ?> topic : topics) {
        values.put(topic.name(), topic.valueSerde(settings.registryConfig()).deserializer());
        partitions.addAll(CommittedReader.partitions(consumer, topic.name(), settings));
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      // Seeks are lazy; resolve them now so records written from here on are all seen.
      partitions.forEach(consumer::position);
      return new TopicFollower(consumer, values);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * Waits up to the timeout for records.
   *
   * @return what arrived, in partition order; empty if nothing did
   * @throws org.apache.kafka.common.errors.WakeupException after {@link #wakeup()}
   */
  public List<Observed> poll(Duration timeout) {
    List<Observed> seen = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      String key =
          r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
      Object value = values.get(r.topic()).deserialize(r.topic(), r.headers(), r.value());
      seen.add(new Observed(r.topic(), key, value, Instant.ofEpochMilli(r.timestamp())));
    }
    return seen;
  }

  /** Makes a blocked {@link #poll} return at once (from another thread, e.g. on Ctrl-C). */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}

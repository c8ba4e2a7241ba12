package dev.editstream.producers;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "editstream-follower");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      Map<String, Deserializer<?>> values = new HashMap<>();
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<String, ?> topic : topics) {
        values.put(topic.name(), topic.valueSerde(settings.registryConfig()).deserializer());
        List<PartitionInfo> infos = partitionsOf(consumer, topic.name(), settings);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException(
              "topic "
                  + topic.name()
                  + " does not exist at "
                  + settings.bootstrapServers()
                  + "; is `editstream up` running?");
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
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

  private static List<PartitionInfo> partitionsOf(
      KafkaConsumer<byte[], byte[]> consumer, String topic, ClientSettings settings) {
    try {
      return consumer.partitionsFor(topic);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not answer in time; is `editstream up` running?",
          e);
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

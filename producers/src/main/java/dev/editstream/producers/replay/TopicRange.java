package dev.editstream.producers.replay;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.CommittedReader;
import dev.editstream.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the committed records of one topic between two points, every partition, without joining a
 * consumer group. The end is fixed when the read starts, so records written meanwhile (a replay's
 * own requests among them) are not read.
 */
final class TopicRange {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicRange() {}

  /**
   * The records from {@code from} (included) to {@code to} (excluded; null: the end now), in
   * partition order, then offset order.
   *
   * @throws IllegalStateException when the topic does not exist or the read takes longer than the
   *     timeout
   */
  static <V> List<Recorded<V>> read(
      ClientSettings settings,
      Topic<String, V> topic,
      ReplayPoint from,
      ReplayPoint to,
      Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        CommittedReader.open(settings, "editstream-replay")) {
      List<TopicPartition> partitions =
          CommittedReader.partitions(consumer, topic.name(), settings);
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = offsets(consumer, partitions, from, ends);
      Map<TopicPartition, Long> stops = to == null ? ends : offsets(consumer, partitions, to, ends);
      Deserializer<V> values = topic.valueSerde(settings.registryConfig()).deserializer();
      List<Recorded<V>> records = new ArrayList<>();
      List<TopicPartition> open = new ArrayList<>();
      for (TopicPartition p : partitions) {
        consumer.seek(p, starts.get(p));
        if (starts.get(p) < stops.get(p)) {
          open.add(p);
        }
      }
      consumer.assign(open);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!open.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic.name() + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          TopicPartition p = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < stops.get(p)) {
            records.add(recorded(r, values));
          }
        }
        // a partition is done once its position passed its stop (transaction markers included)
        open.removeIf(p -> consumer.position(p) >= stops.get(p));
        consumer.assign(open);
      }
      records.sort(
          java.util.Comparator.<Recorded<V>>comparingInt(Recorded::partition)
              .thenComparingLong(Recorded::offset));
      return records;
    }
  }

  private static <V> Recorded<V> recorded(
      ConsumerRecord<byte[], byte[]> r, Deserializer<V> values) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    V value = r.value() == null ? null : values.deserialize(r.topic(), r.headers(), r.value());
    return new Recorded<>(
        key, value, r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()));
  }

  private static Map<TopicPartition, Long> offsets(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      ReplayPoint point,
      Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
    if (point.isTime()) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, point.time().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp at = found.get(p);
        offsets.put(p, at == null ? ends.get(p) : at.offset());
      }
    } else {
      for (TopicPartition p : partitions) {
        long clamped = Math.min(Math.max(point.offset(), beginnings.get(p)), ends.get(p));
        offsets.put(p, clamped);
      }
    }
    return offsets;
  }
}

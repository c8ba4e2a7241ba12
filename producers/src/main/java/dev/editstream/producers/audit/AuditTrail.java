package dev.editstream.producers.audit;

import dev.editstream.producers.ClientSettings;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one request's audit events from {@code edit-audit}: every stage keys its events by the
 * request id, so they all lie in one partition (the default partitioner's), in the order they were
 * written. It reads that partition from the beginning up to its end at the time of the call,
 * committed records only, without joining a consumer group.
 */
public final class AuditTrail {

  private static final Duration POLL = Duration.ofMillis(200);

  private AuditTrail() {}

  /**
   * The events of a request, oldest first.
   *
   * @param settings where Kafka and the registry are
   * @param requestId the request
   * @param timeout how long to read at most
   * @return its events (empty when the topic holds none)
   * @throws IllegalStateException when {@code edit-audit} does not exist or the read times out
   */
  public static List<AuditEvent> of(ClientSettings settings, String requestId, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(settings)) {
      List<PartitionInfo> infos = consumer.partitionsFor(Topics.EDIT_AUDIT.name());
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic "
                + Topics.EDIT_AUDIT.name()
                + " does not exist at "
                + settings.bootstrapServers());
      }
      byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
      TopicPartition partition =
          new TopicPartition(
              Topics.EDIT_AUDIT.name(), Utils.toPositive(Utils.murmur2(key)) % infos.size());
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      Deserializer<AuditEvent> values =
          Topics.EDIT_AUDIT.valueSerde(settings.registryConfig()).deserializer();
      List<AuditEvent> events = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + partition + " up to offset " + end + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.key() != null && requestId.equals(new String(r.key(), StandardCharsets.UTF_8))) {
            events.add(values.deserialize(r.topic(), r.value()));
          }
        }
      }
      return events;
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(ClientSettings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "editstream-audit-trail");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}

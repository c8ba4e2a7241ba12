package dev.editstream.producers.audit;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.CommittedReader;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
    try (KafkaConsumer<byte[], byte[]> consumer =
        CommittedReader.open(settings, "editstream-audit-trail")) {
      int partitions =
          CommittedReader.partitions(consumer, Topics.EDIT_AUDIT.name(), settings).size();
      byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
      TopicPartition partition =
          new TopicPartition(
              Topics.EDIT_AUDIT.name(), Utils.toPositive(Utils.murmur2(key)) % partitions);
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
}

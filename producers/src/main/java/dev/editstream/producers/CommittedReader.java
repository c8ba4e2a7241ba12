package dev.editstream.producers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer every reader of this module uses ({@link TopicFollower}, the audit trail, replay's
 * ranges): committed records only, in no consumer group, committing nothing, so reading never
 * disturbs the pipeline; and the partitions of a topic, with one clear error when the stack is not
 * there.
 */
public final class CommittedReader {

  private CommittedReader() {}

  /**
   * Opens a consumer; the caller assigns its partitions and closes it.
   *
   * @param settings where Kafka is
   * @param clientId what the broker's logs call it
   */
  public static KafkaConsumer<byte[], byte[]> open(ClientSettings settings, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The partitions of a topic.
   *
   * @throws IllegalStateException when the topic does not exist or Kafka does not answer, saying
   *     whether {@code editstream up} is running
   */
  public static List<TopicPartition> partitions(
      KafkaConsumer<?, ?> consumer, String topic, ClientSettings settings) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not answer in time; is `editstream up` running?",
          e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "topic "
              + topic
              + " does not exist at "
              + settings.bootstrapServers()
              + "; is `editstream up` running?");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }
}

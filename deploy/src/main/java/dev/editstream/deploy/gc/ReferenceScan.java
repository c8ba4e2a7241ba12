package dev.editstream.deploy.gc;

import dev.editstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The mark: reads every topic of the cluster except Kafka's own and the registry's, from the
 * beginning to the committed end, and collects the blobs their live records refer to. Internal
 * topics of the stream applications (state store changelogs, repartition topics) are read too: a
 * parked request lives in a store. In a compacted topic only each key's latest value is live (a
 * tombstone ends it); in a time-retained one every record still there is.
 */
final class ReferenceScan {

  private static final Duration POLL = Duration.ofMillis(200);

  private ReferenceScan() {}

  /**
   * Scans the cluster.
   *
   * @throws GcException when a topic cannot be read to its end in time; nothing may be deleted then
   */
  static BlobReferences scan(
      String bootstrapServers, Map<String, ?> registryConfig, Duration timeout) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
      List<String> topics =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
              .filter(name -> !name.startsWith("__") && !name.equals(Topics.SCHEMAS.name()))
              .sorted()
              .toList();
      Map<String, TopicDescription> described =
          admin
              .describeTopics(topics)
              .allTopicNames()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<ConfigResource> resources =
          topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      RecordReferences references = new RecordReferences(registryConfig);
      Set<String> shas = new HashSet<>();
      Map<String, Long> byTopic = new TreeMap<>();
      long records = 0;
      for (String topic : topics) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        boolean compacted = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        List<TopicPartition> partitions = new ArrayList<>();
        described
            .get(topic)
            .partitions()
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        TopicMark mark = read(bootstrapServers, topic, partitions, compacted, references, timeout);
        shas.addAll(mark.shas());
        byTopic.put(topic, mark.references());
        records += mark.records();
      }
      return new BlobReferences(shas, byTopic, records);
    } catch (ExecutionException | TimeoutException e) {
      throw new GcException("cannot describe the cluster's topics: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GcException("interrupted while scanning topics", e);
    }
  }

  private record TopicMark(Set<String> shas, long references, long records) {}

  private static TopicMark read(
      String bootstrapServers,
      String topic,
      List<TopicPartition> partitions,
      boolean compacted,
      RecordReferences references,
      Duration timeout) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Committed records only: an aborted transaction's records were never live.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "editstream-blob-gc");
    Set<String> shas = new HashSet<>();
    // Compacted topics: the latest value's hashes per key; a tombstone removes the key.
    Map<ByteBuffer, Set<String>> latest = new HashMap<>();
    long found = 0;
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new GcException(
              "topic " + topic + " was not read to its end within " + timeout, null);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          records++;
          if (compacted) {
            ByteBuffer key = ByteBuffer.wrap(record.key() == null ? new byte[0] : record.key());
            if (record.value() == null) {
              latest.remove(key);
            } else {
              Set<String> of = new HashSet<>();
              references.addTo(topic, record.value(), of);
              latest.put(key, of);
            }
          } else {
            found += references.addTo(topic, record.value(), shas);
          }
        }
      }
    }
    if (compacted) {
      for (Set<String> of : latest.values()) {
        shas.addAll(of);
        found += of.size();
      }
      records = latest.size();
    }
    return new TopicMark(shas, found, records);
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

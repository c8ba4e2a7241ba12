package dev.editstream.workers.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client properties of the worker's clients (four for edits, two for resolution jobs):
 * defaults, then the settings' overrides, then what the worker's guarantees rest on (which
 * overrides cannot change).
 */
final class ClientConfigs {

  private ClientConfigs() {}

  /**
   * The job consumer: a classic group member (KIP-848 groups need 4.3.3 for upgraded classic
   * groups), cooperative-sticky so a member joining does not take running jobs from the others,
   * offsets committed only through the outcome transactions, reading only committed jobs.
   */
  static Map<String, Object> jobConsumer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "jobs");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.queueCapacity());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    config.putAll(overrides(settings, ConsumerConfig.configNames(), ProducerConfig.configNames()));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  /**
   * The resolution jobs' consumer: one job per poll (an inversion takes seconds, well inside {@code
   * max.poll.interval.ms}), offsets committed only through the record transactions, committed jobs
   * only, in the group {@code <group>-resolve}.
   */
  static Map<String, Object> resolutionConsumer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "resolution-jobs");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    config.putAll(overrides(settings, ConsumerConfig.configNames(), ProducerConfig.configNames()));
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId() + "-resolve");
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  /** The resolution records' producer: transactional, under {@code <transactional id>-resolve}. */
  static Map<String, Object> resolutionProducer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "resolution-records");
    config.putAll(overrides(settings, ProducerConfig.configNames(), ConsumerConfig.configNames()));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId() + "-resolve");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  /** The follower of {@code edit-results}: no group, committed results only. */
  static Map<String, Object> resultsConsumer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "results");
    config.putAll(overrides(settings, ConsumerConfig.configNames(), ProducerConfig.configNames()));
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  /** The outcome producer: transactional, under the worker's stable transactional id. */
  static Map<String, Object> outcomeProducer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "outcomes");
    config.putAll(overrides(settings, ProducerConfig.configNames(), ConsumerConfig.configNames()));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  /** The progress producer: idempotent, outside any transaction. */
  static Map<String, Object> progressProducer(WorkerSettings settings) {
    Map<String, Object> config = base(settings, "progress");
    config.putAll(overrides(settings, ProducerConfig.configNames(), ConsumerConfig.configNames()));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  /**
   * The overrides for one kind of client: a key only the other kind knows is left out (so a
   * producer is not told {@code max.poll.interval.ms}); unknown keys (plugins) go to every client.
   */
  private static Map<String, Object> overrides(
      WorkerSettings settings, Set<String> own, Set<String> other) {
    Map<String, Object> overrides = new HashMap<>();
    settings
        .kafkaOverrides()
        .forEach(
            (key, value) -> {
              if (own.contains(key) || !other.contains(key)) {
                overrides.put(key, value);
              }
            });
    return overrides;
  }

  private static Map<String, Object> base(WorkerSettings settings, String client) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(
        ConsumerConfig.CLIENT_ID_CONFIG, "edit-worker-" + settings.workerId() + "-" + client);
    return config;
  }
}

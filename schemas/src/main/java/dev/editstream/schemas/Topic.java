package dev.editstream.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the data flow: its name, how its keys and values are (de)serialised, and how it is
 * provisioned. Instances live in {@link Topics}; nobody spells a topic name twice.
 *
 * <p>Serdes are built from the registry configuration ({@code schema.registry.url} and friends, see
 * {@link dev.editstream.schemas.serde.AvroSerdeConfig}) because Avro serdes need the registry;
 * plain serdes ignore it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Topic<K, V> {

  private final String name;
  private final BiFunction<Map<String, ?>, Boolean, Serde<K>> keySerdeFactory;
  private final BiFunction<Map<String, ?>, Boolean, Serde<V>> valueSerdeFactory;
  private final int partitions;
  private final Map<String, String> config;

  Topic(
      String name,
      BiFunction<Map<String, ?>, Boolean, Serde<K>> keySerdeFactory,
      BiFunction<Map<String, ?>, Boolean, Serde<V>> valueSerdeFactory,
      int partitions,
      Map<String, String> config) {
    this.name = Objects.requireNonNull(name, "name");
    this.keySerdeFactory = Objects.requireNonNull(keySerdeFactory, "keySerdeFactory");
    this.valueSerdeFactory = Objects.requireNonNull(valueSerdeFactory, "valueSerdeFactory");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    this.partitions = partitions;
    this.config = Map.copyOf(config);
  }

  /** The topic's name. */
  public String name() {
    return name;
  }

  /**
   * A new key serde, configured for keys with the given registry configuration.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   */
  public Serde<K> keySerde(Map<String, ?> registryConfig) {
    return keySerdeFactory.apply(registryConfig, true);
  }

  /**
   * A new value serde, configured for values with the given registry configuration.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   */
  public Serde<V> valueSerde(Map<String, ?> registryConfig) {
    return valueSerdeFactory.apply(registryConfig, false);
  }

  /** Number of partitions the topic is provisioned with. */
  public int partitions() {
    return partitions;
  }

  /** Topic-level configuration to provision with (at least cleanup.policy and retention.ms). */
  public Map<String, String> config() {
    return config;
  }

  /** {@code cleanup.policy}: {@code delete}, {@code compact} or both. */
  public String cleanupPolicy() {
    return config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
  }

  /** {@code retention.ms}, if the catalogue sets one (-1 keeps records forever). */
  public Optional<Long> retentionMs() {
    return Optional.ofNullable(config.get(TopicConfig.RETENTION_MS_CONFIG)).map(Long::valueOf);
  }

  /** Whether the topic is compacted (a changelog of the latest value per key). */
  public boolean compacted() {
    return cleanupPolicy() != null && cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  /**
   * The admin-client description of this topic, for provisioning.
   *
   * @param replicationFactor replicas per partition (1 on a single machine)
   */
  public NewTopic newTopic(short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(config);
  }

  @Override
  public String toString() {
    return "Topic[" + name + ", partitions=" + partitions + ", config=" + config + "]";
  }
}

package dev.editstream.schemas.testing;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/**
 * A one-node KRaft Kafka cluster (combined broker and controller) in this JVM, on random localhost
 * ports with data in a temporary directory, for integration tests. Starts in about two seconds.
 *
 * <pre>{@code
 * try (KraftCluster kafka = KraftCluster.start()) {
 *   kafka.createTopics(Topics.all());
 *   props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Modules using it need, in test scope, {@code editstream-schemas} (type {@code test-jar}),
 * {@code org.apache.kafka:kafka-test-common-runtime} and {@code org.apache.kafka:kafka_2.13}.
 */
public final class KraftCluster implements AutoCloseable {

  private final KafkaClusterTestKit kit;

  private KraftCluster(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  /** Formats and starts a cluster, waiting until the broker is ready. */
  public static KraftCluster start() {
    return start(Map.of());
  }

  /**
   * Formats and starts a cluster with extra broker properties, waiting until the broker is ready.
   *
   * @param brokerProperties e.g. {@code transaction.state.log.replication.factor}
   */
  public static KraftCluster start(Map<String, String> brokerProperties) {
    KafkaClusterTestKit kit = null;
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "4")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "4")
              .setConfigProp("num.partitions", "1")
              .setConfigProp("auto.create.topics.enable", "false");
      brokerProperties.forEach(builder::setConfigProp);
      kit = builder.build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return new KraftCluster(kit);
    } catch (Exception e) {
      if (kit != null) {
        try {
          kit.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new IllegalStateException("cannot start the test Kafka cluster", e);
    }
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return kit.bootstrapServers();
  }

  /** Client properties with {@code bootstrap.servers} set. */
  public Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /** Creates catalogue topics (replication factor 1); existing ones are left alone. */
  public void createTopics(Collection<? extends Topic<?, ?>> topics) {
    createNewTopics(topics.stream().map(t -> t.newTopic((short) 1)).toList());
  }

  /**
   * Creates plain topics; existing ones are left alone. Returns once the broker serves metadata of
   * every partition with a leader: creation is acknowledged before that, and a client asking for
   * offsets in between gets {@code UnknownTopicOrPartitionException}.
   */
  public void createNewTopics(List<NewTopic> topics) {
    try (Admin admin = Admin.create(clientProperties())) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e);
          }
        }
      }
      List<String> names = topics.stream().map(NewTopic::name).toList();
      Awaitility.await("metadata of " + names)
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> everyPartitionLed(admin, names));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out creating topics", e);
    }
  }

  private static boolean everyPartitionLed(Admin admin, List<String> names) throws Exception {
    return admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
        .flatMap(d -> d.partitions().stream())
        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    try {
      kit.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test Kafka cluster", e);
    }
  }
}

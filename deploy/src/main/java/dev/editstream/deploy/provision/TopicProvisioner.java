package dev.editstream.deploy.provision;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker's topics match the catalogue: creates the missing ones and reports, without
 * changing them, existing topics whose partitions, cleanup policy or retention differ. Running it
 * again changes nothing.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final List<String> COMPARED =
      List.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.RETENTION_MS_CONFIG);

  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration VISIBILITY_BACKOFF = Duration.ofMillis(50);

  private final Admin admin;
  private final short replicationFactor;

  /**
   * Creates a provisioner.
   *
   * @param admin a connected admin client (not closed here)
   * @param replicationFactor replicas of new topics (1 on a single machine)
   */
  public TopicProvisioner(Admin admin, short replicationFactor) {
    this.admin = admin;
    this.replicationFactor = replicationFactor;
  }

  /**
   * Provisions the topics.
   *
   * @param topics the catalogue's topics
   * @return what was created and what differs
   * @throws ProvisioningException when the broker cannot be asked or refuses a topic
   */
  public ProvisioningReport provision(Collection<Topic<?, ?>> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<Topic<?, ?>> missing =
          topics.stream().filter(t -> !existing.contains(t.name())).toList();
      List<String> created = create(missing);
      awaitVisible(created);
      List<Topic<?, ?>> present = topics.stream().filter(t -> !created.contains(t.name())).toList();
      List<TopicDrift> drifts = compare(present);
      List<String> unchanged =
          present.stream()
              .map(Topic::name)
              .filter(name -> drifts.stream().noneMatch(d -> d.topic().equals(name)))
              .toList();
      created.forEach(name -> LOG.info("Created topic {}", name));
      drifts.forEach(d -> LOG.warn("Topic differs from the catalogue: {}", d));
      ProvisioningReport report = new ProvisioningReport(created, unchanged, drifts);
      LOG.info("Provisioned topics: {}", report.summary());
      return report;
    } catch (ExecutionException e) {
      throw new ProvisioningException("cannot provision topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while provisioning topics", e);
    }
  }

  /** Creates the topics; returns those created here (not those another process created first). */
  private List<String> create(List<Topic<?, ?>> topics)
      throws ExecutionException, InterruptedException {
    if (topics.isEmpty()) {
      return List.of();
    }
    Map<String, KafkaFuture<Void>> results =
        admin
            .createTopics(topics.stream().map(t -> t.newTopic(replicationFactor)).toList())
            .values();
    List<String> created = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get();
        created.add(result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  /**
   * Waits until the broker serves metadata for new topics. The controller acknowledges creation
   * before the broker has applied it, and describing a topic's configuration in that gap fails with
   * UnknownTopicOrPartition.
   */
  private void awaitVisible(List<String> names) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + VISIBILITY_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(VISIBILITY_BACKOFF.toMillis());
      }
    }
  }

  private List<TopicDrift> compare(List<Topic<?, ?>> topics)
      throws ExecutionException, InterruptedException {
    if (topics.isEmpty()) {
      return List.of();
    }
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, KafkaFuture<TopicDescription>> descriptions =
        admin.describeTopics(names).topicNameValues();
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    List<TopicDrift> drifts = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      int partitions = descriptions.get(topic.name()).get().partitions().size();
      if (partitions != topic.partitions()) {
        drifts.add(
            new TopicDrift(
                topic.name(),
                "partitions",
                Integer.toString(topic.partitions()),
                Integer.toString(partitions)));
      }
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
      for (String setting : COMPARED) {
        String expected = topic.config().get(setting);
        String value = actual.get(setting) == null ? null : actual.get(setting).value();
        if (expected != null && !expected.equals(value)) {
          drifts.add(new TopicDrift(topic.name(), setting, expected, value));
        }
      }
    }
    return drifts;
  }
}

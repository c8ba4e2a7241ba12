package dev.editstream.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.editstream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's store: a single-partition compacted topic read from the beginning on start and to
 * its end before every operation, so that every instance sees every registration in one order.
 *
 * <p>Record format (JSON strings):
 *
 * <ul>
 *   <li>schema claim: key {@code {"keytype":"SCHEMA","subject":s,"version":v,"claim":uuid}}, value
 *       {@code {"subject":s,"version":v,"id":id,"schema":"...","deleted":false}}. Each claim has
 *       its own key, so compaction never replaces an accepted claim by a rejected one.
 *   <li>compatibility: key {@code {"keytype":"CONFIG","subject":s|null}}, value {@code
 *       {"compatibilityLevel":"FULL"}}; the latest per key wins, a tombstone removes a subject's.
 * </ul>
 */
final class SchemaLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final TopicPartition partition;
  private final Duration timeout;
  private final Map<String, Object> clientProps;
  private KafkaProducer<String, String> producer;
  private KafkaConsumer<String, String> consumer;

  SchemaLog(
      String bootstrapServers, String topic, Map<String, Object> extraProps, Duration timeout) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.timeout = timeout;
    this.clientProps = new HashMap<>(extraProps);
    this.clientProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Creates the topic if missing (one partition, compacted) and opens the clients. */
  void open(NewTopic spec) {
    ensureTopic(spec);
    Map<String, Object> producerProps = new HashMap<>(clientProps);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-" + UUID.randomUUID());
    producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
    Map<String, Object> consumerProps = new HashMap<>(clientProps);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // The consumer pre-fetches after each poll; a fetch parked on the broker delays the next
    // end-offset request on the same connection by up to fetch.max.wait.ms, so keep it short.
    consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  private void ensureTopic(NewTopic spec) {
    try (Admin admin = Admin.create(clientProps)) {
      try {
        admin.createTopics(List.of(spec)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created schema store topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription description = describeWhenVisible(admin);
      if (description.partitions().size() != 1) {
        throw new IllegalStateException(
            "schema store topic "
                + topic
                + " has "
                + description.partitions().size()
                + " partitions; the registry needs exactly 1 for a single order of registrations");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create or describe schema store topic " + topic, e);
    }
  }

  /**
   * Describes the topic, waiting for it to become visible: a topic just created may not yet be in
   * the metadata of the broker that answers, which then says it does not exist.
   */
  private TopicDescription describeWhenVisible(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return admin
            .describeTopics(Set.of(topic))
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(50); // retry backoff while the metadata propagates
      }
    }
  }

  /** Reads every record up to the current end of the log into the state. */
  void catchUp(RegistryState state) {
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw RegistryError.storeError("timed out reading " + topic + " to offset " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, state);
        }
      }
    } catch (KafkaException e) {
      throw RegistryError.storeError("cannot read " + topic + ": " + e.getMessage());
    }
  }

  /** Appends a schema claim and waits until the broker has it. */
  void appendClaim(RegistryState.Claim claim) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", claim.subject());
    key.put("version", claim.version());
    key.put("claim", UUID.randomUUID().toString());
    key.put("magic", 1);
    ObjectNode value = JSON.createObjectNode();
    value.put("subject", claim.subject());
    value.put("version", claim.version());
    value.put("id", claim.id());
    value.put("schema", claim.schema().toString());
    value.put("deleted", false);
    append(key.toString(), value.toString());
  }

  /** Appends a compatibility setting (a null subject sets the global level). */
  void appendConfig(String subject, CompatibilityLevel level) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "CONFIG");
    key.put("subject", subject);
    key.put("magic", 0);
    ObjectNode value = JSON.createObjectNode();
    value.put("compatibilityLevel", level.name());
    append(key.toString(), value.toString());
  }

  private void append(String key, String value) {
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, key, value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError("interrupted writing to " + topic);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw RegistryError.storeError("cannot write to " + topic + ": " + e);
    }
  }

  private static void apply(ConsumerRecord<String, String> record, RegistryState state) {
    try {
      JsonNode key = JSON.readTree(record.key());
      String type = key.path("keytype").asText();
      if (type.equals("SCHEMA") && record.value() != null) {
        JsonNode value = JSON.readTree(record.value());
        Schema schema = new Schema.Parser().parse(value.path("schema").asText());
        RegistryState.Claim claim =
            new RegistryState.Claim(
                value.path("subject").asText(),
                value.path("version").asInt(),
                value.path("id").asInt(),
                schema);
        if (!state.apply(claim)) {
          LOG.debug("ignored losing schema claim at offset {}: {}", record.offset(), record.key());
        }
      } else if (type.equals("CONFIG")) {
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        CompatibilityLevel level =
            record.value() == null
                ? null
                : CompatibilityLevel.parse(
                    JSON.readTree(record.value()).path("compatibilityLevel").asText());
        state.applyConfig(subject, level);
      }
    } catch (IOException
        | SchemaParseException
        | IllegalArgumentException
        | NullPointerException e) {
      LOG.warn(
          "skipped unreadable record at offset {} of {}: {}",
          record.offset(),
          record.topic(),
          e.toString());
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (consumer != null) {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}

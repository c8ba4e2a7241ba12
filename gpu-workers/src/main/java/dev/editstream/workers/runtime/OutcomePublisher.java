package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.AuditEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes finished jobs through the transactional producer, one short transaction per batch: each
 * job's outcome, metrics and audit events, and the offsets the batch makes committable, so a reader
 * with {@code read_committed} sees a job's records exactly when its offset is committed. Used by
 * the poll thread only.
 */
final class OutcomePublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomePublisher.class);

  private final Producer<String, SpecificRecord> producer;

  OutcomePublisher(Producer<String, SpecificRecord> producer) {
    this.producer = producer;
  }

  /** Registers the transactional id, fencing a previous instance and aborting what it left open. */
  void start() {
    producer.initTransactions();
  }

  /**
   * Publishes a batch and commits the offsets in one transaction.
   *
   * @return true when committed; false when the transaction was aborted (the caller retries the
   *     batch, or drops it if its partitions were revoked meanwhile)
   * @throws KafkaException when the producer cannot go on (fenced by a newer instance with the same
   *     transactional id, authorisation, ...): the worker must stop
   */
  boolean publish(
      List<Completion> batch,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group) {
    try {
      producer.beginTransaction();
      batch.forEach(this::send);
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, group);
      }
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("transaction of {} jobs aborted: {}", batch.size(), e.toString());
      producer.abortTransaction();
      return false;
    }
  }

  private void send(Completion completion) {
    String key = completion.job().requestId();
    if (completion.outcome() != null) {
      send(Topics.WORKER_OUTCOMES.name(), key, completion.outcome());
    }
    if (completion.metrics() != null) {
      send(Topics.EDIT_METRICS.name(), key, completion.metrics());
    }
    for (AuditEvent event : completion.audit()) {
      send(Topics.EDIT_AUDIT.name(), key, event);
    }
  }

  private void send(String topic, String key, SpecificRecord value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

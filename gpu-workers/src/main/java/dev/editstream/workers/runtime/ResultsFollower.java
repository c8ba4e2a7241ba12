package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code edit-results} on its own thread: every record there is a request's terminal
 * result, so its key is remembered as decided and handed to the worker, which stops the request's
 * job. Only keys are read (values stay bytes), so no schema problem can stop it. A plain consumer
 * on every partition ({@code assign}, no group, {@code read_committed}), starting a short look-back
 * before now so that a restarted worker knows what was decided while it was away.
 */
final class ResultsFollower implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ResultsFollower.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final DecidedRequests decided;
  private final Consumer<String> onDecided;
  private final Consumer<Throwable> onFailure;
  private volatile boolean stopping;

  ResultsFollower(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      DecidedRequests decided,
      Consumer<String> onDecided,
      Consumer<Throwable> onFailure) {
    this.consumer = consumer;
    this.decided = decided;
    this.onDecided = onDecided;
    this.onFailure = onFailure;
  }

  /** Assigns every partition and fixes the start positions; call before the thread starts. */
  void seekStart(Instant now, Duration lookBack) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.EDIT_RESULTS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    if (!lookBack.isZero()) {
      Map<TopicPartition, Long> since = new HashMap<>();
      partitions.forEach(p -> since.put(p, now.minus(lookBack).toEpochMilli()));
      consumer.offsetsForTimes(since).forEach(this::seekTo);
    }
    partitions.forEach(consumer::position);
  }

  private void seekTo(TopicPartition partition, OffsetAndTimestamp found) {
    if (found != null) {
      consumer.seek(partition, found.offset());
    }
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          remember(record.key());
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        onFailure.accept(e);
      }
    } catch (RuntimeException e) {
      LOG.error("following {} failed; cancellations no longer reach this worker", topic(), e);
      onFailure.accept(e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void remember(String requestId) {
    if (requestId != null && !decided.contains(requestId)) {
      decided.add(requestId);
      onDecided.accept(requestId);
    }
  }

  /** Stops the thread; it closes its consumer on the way out. */
  void stop() {
    stopping = true;
    consumer.wakeup();
  }

  private static String topic() {
    return Topics.EDIT_RESULTS.name();
  }
}

package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.Stage;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes progress on {@code edit-progress} through an idempotent, non-transactional producer:
 * progress is advice, not an outcome, so it is sent at once and never waits for a transaction.
 * Thread-safe; never throws into a job.
 */
final class ProgressPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressPublisher.class);

  private final Producer<String, EditProgress> producer;
  private final Clock clock;

  ProgressPublisher(Producer<String, EditProgress> producer, Clock clock) {
    this.producer = producer;
    this.clock = clock;
  }

  /** Sends one report; failures are logged, not thrown. */
  void report(String requestId, Stage stage, int done, int total, String message) {
    EditProgress progress =
        EditProgress.newBuilder()
            .setRequestId(requestId)
            .setStage(stage)
            .setStep(done)
            .setTotalSteps(Math.max(0, total))
            .setMessage(message)
            .setTimestamp(clock.instant())
            .build();
    try {
      producer.send(
          new ProducerRecord<>(Topics.EDIT_PROGRESS.name(), requestId, progress),
          (metadata, error) -> {
            if (error != null) {
              LOG.debug("progress of {} not published: {}", requestId, error.toString());
            }
          });
    } catch (RuntimeException e) {
      LOG.debug("progress of {} not published: {}", requestId, e.toString());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

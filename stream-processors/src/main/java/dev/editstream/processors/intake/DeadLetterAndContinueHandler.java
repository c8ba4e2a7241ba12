package dev.editstream.processors.intake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialised (not Avro, unknown schema id) is handed to Kafka Streams'
 * dead-letter support (KIP-1034): this handler returns it, unchanged, as a dead-letter record for
 * the topic named by {@code errors.dead.letter.queue.topic.name}, and tells Streams to continue.
 * Streams writes the dead letter in the same transaction as the offset commit.
 *
 * <p>Unlike Kafka's {@code LogAndContinueExceptionHandler} it logs one line without a stack trace
 * (bad input is expected, not a bug) and adds EditStream's reason headers next to Kafka's {@code
 * __streams.errors.*} headers.
 */
public final class DeadLetterAndContinueHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAndContinueHandler.class);

  // Kafka Streams' dead-letter header names (KIP-1034), as its own handlers write them.
  static final String KAFKA_EXCEPTION = "__streams.errors.exception";
  static final String KAFKA_MESSAGE = "__streams.errors.message";
  static final String KAFKA_TOPIC = "__streams.errors.topic";
  static final String KAFKA_PARTITION = "__streams.errors.partition";
  static final String KAFKA_OFFSET = "__streams.errors.offset";

  private String deadLetterTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    deadLetterTopic = topic == null ? null : topic.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = exception.getMessage() == null ? exception.toString() : exception.getMessage();
    LOG.warn(
        "Undeserialisable record {}-{}@{} sent to dead-letter topic {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        deadLetterTopic,
        reason);
    if (deadLetterTopic == null) {
      return Response.resume();
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, KAFKA_EXCEPTION, exception.getClass().getName());
    put(headers, KAFKA_MESSAGE, reason);
    put(headers, KAFKA_TOPIC, record.topic());
    put(headers, KAFKA_PARTITION, Integer.toString(record.partition()));
    put(headers, KAFKA_OFFSET, Long.toString(record.offset()));
    put(headers, DeadLetterHeaders.REASON_CODE, DeadLetterHeaders.UNDESERIALIZABLE);
    put(headers, DeadLetterHeaders.REASON_MESSAGE, "not a readable record: " + reason);
    put(headers, DeadLetterHeaders.STAGE, "INTAKE");
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, record.topic());
    put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
    put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                deadLetterTopic, null, null, record.key(), record.value(), headers)));
  }

  static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.editstream.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterAndContinueHandlerTest {

  private static final byte[] KEY = "k-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {1, 2, 3};

  @Test
  void resumesWithTheRawRecordAndReasonHeadersForTheConfiguredTopic() {
    DeadLetterAndContinueHandler handler = new DeadLetterAndContinueHandler();
    handler.configure(Map.of("errors.dead.letter.queue.topic.name", "edit-dlq"));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("edit-requests", 2, 41, KEY, VALUE);
    record.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));

    DeserializationExceptionHandler.Response response =
        handler.handleError(context(), record, new SerializationException("unknown magic byte 1"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    assertThat(letter.topic()).isEqualTo("edit-dlq");
    assertThat(letter.key()).isEqualTo(KEY);
    assertThat(letter.value()).isEqualTo(VALUE);
    Headers h = letter.headers();
    assertThat(text(h, DeadLetterHeaders.REASON_CODE)).isEqualTo("UNDESERIALIZABLE");
    assertThat(text(h, DeadLetterHeaders.REASON_MESSAGE)).contains("unknown magic byte 1");
    assertThat(text(h, DeadLetterAndContinueHandler.KAFKA_OFFSET)).isEqualTo("41");
    assertThat(text(h, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(text(h, "trace")).isEqualTo("t-1");
  }

  @Test
  void resumesWithoutDeadLetterWhenNoTopicIsConfigured() {
    DeadLetterAndContinueHandler handler = new DeadLetterAndContinueHandler();
    handler.configure(Map.of());
    DeserializationExceptionHandler.Response response =
        handler.handleError(
            context(),
            new ConsumerRecord<>("edit-requests", 0, 0, KEY, VALUE),
            new SerializationException("bad"));
    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return "edit-requests";
      }

      @Override
      public int partition() {
        return 2;
      }

      @Override
      public long offset() {
        return 41;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "edit-requests-source";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 2);
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public byte[] sourceRawKey() {
        return KEY;
      }

      @Override
      public byte[] sourceRawValue() {
        return VALUE;
      }
    };
  }
}

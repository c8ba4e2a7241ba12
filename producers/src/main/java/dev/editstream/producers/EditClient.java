package dev.editstream.producers;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.blob.BlobStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits edit requests to {@code edit-requests} and cancellations to {@code edit-cancellations},
 * keyed by request id, with an idempotent producer that waits for all replicas. Images above {@link
 * ClientSettings#INLINE_IMAGE_LIMIT} are put in the blob store first (claim check) and referenced.
 */
public final class EditClient implements AutoCloseable {

  // One producer for both topics: values are serialised here, each with its topic's serde.
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<EditRequest> requests;
  private final Serializer<CancelRequest> cancellations;
  private final BlobStore blobs;
  private final String bootstrapServers;

  private EditClient(
      KafkaProducer<String, byte[]> producer,
      Serializer<EditRequest> requests,
      Serializer<CancelRequest> cancellations,
      BlobStore blobs,
      String bootstrapServers) {
    this.producer = producer;
    this.requests = requests;
    this.cancellations = cancellations;
    this.blobs = blobs;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Connects a client.
   *
   * @param settings where Kafka, the registry and the blob store are
   */
  public static EditClient connect(ClientSettings settings) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            settings.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.CLIENT_ID_CONFIG,
            "editstream-client",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            15_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            30_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000);
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> registry = settings.registryConfig();
    BlobStore blobs = settings.blobs();
    return new EditClient(
        producer,
        Topics.EDIT_REQUESTS.valueSerde(registry).serializer(),
        Topics.EDIT_CANCELLATIONS.valueSerde(registry).serializer(),
        blobs,
        settings.bootstrapServers());
  }

  /**
   * Builds the request from the draft and submits it.
   *
   * @return the request id
   * @throws SubmitException when Kafka or the registry does not take the request
   */
  public String submit(EditDraft draft) {
    Object image;
    if (draft.image().length > ClientSettings.INLINE_IMAGE_LIMIT && blobs != null) {
      image = blobs.put(draft.image(), draft.mediaType());
    } else {
      image = ByteBuffer.wrap(draft.image());
    }
    return submit(draft.toRequest(image));
  }

  /**
   * Submits a request as it is; its request id is the record key.
   *
   * @return the request id
   * @throws SubmitException when Kafka or the registry does not take the request
   */
  public String submit(EditRequest request) {
    String id = request.getRequestId();
    send(Topics.EDIT_REQUESTS.name(), requests, id, request, "request " + id + " not submitted");
    return id;
  }

  /**
   * Asks to cancel a request that has not finished. The results stage decides: the request ends
   * CANCELLED unless it reached another terminal status first.
   *
   * @param requestId the request to cancel
   * @param reason why, for the audit trail; may be null
   * @throws SubmitException when Kafka or the registry does not take the cancellation
   */
  public void cancel(String requestId, String reason) {
    Objects.requireNonNull(requestId, "requestId");
    CancelRequest cancel = new CancelRequest(requestId, reason, Instant.now());
    send(
        Topics.EDIT_CANCELLATIONS.name(),
        cancellations,
        requestId,
        cancel,
        "cancellation of " + requestId + " not sent");
  }

  private <V> void send(
      String topic, Serializer<V> values, String requestId, V value, String failed) {
    try {
      byte[] bytes = values.serialize(topic, value);
      producer.send(new ProducerRecord<>(topic, requestId, bytes)).get();
    } catch (ExecutionException e) {
      throw failure(failed, e.getCause());
    } catch (KafkaException e) {
      throw failure(failed, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitException(failed + ": interrupted", e);
    }
  }

  private SubmitException failure(String failed, Throwable cause) {
    String reason =
        cause instanceof TimeoutException
            ? "Kafka at "
                + bootstrapServers
                + " did not answer in time (is `editstream up` running?)"
            : cause.getMessage();
    return new SubmitException(failed + ": " + reason, cause);
  }

  @Override
  public void close() {
    producer.close();
    requests.close();
    cancellations.close();
  }
}

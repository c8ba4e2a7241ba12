package dev.editstream.producers;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.FileBlobStore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits edit requests to {@code edit-requests}, keyed by request id, with an idempotent producer
 * that waits for all replicas. Images above {@link ClientSettings#INLINE_IMAGE_LIMIT} are put in
 * the blob store first (claim check) and referenced.
 */
public final class EditClient implements AutoCloseable {

  private final KafkaProducer<String, EditRequest> producer;
  private final BlobStore blobs;
  private final String bootstrapServers;

  private EditClient(
      KafkaProducer<String, EditRequest> producer, BlobStore blobs, String bootstrapServers) {
    this.producer = producer;
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
    KafkaProducer<String, EditRequest> producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            Topics.EDIT_REQUESTS.valueSerde(settings.registryConfig()).serializer());
    BlobStore blobs = settings.blobStoreRoot().map(FileBlobStore::new).orElse(null);
    return new EditClient(producer, blobs, settings.bootstrapServers());
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
    try {
      producer
          .send(new ProducerRecord<>(Topics.EDIT_REQUESTS.name(), request.getRequestId(), request))
          .get();
      return request.getRequestId();
    } catch (ExecutionException e) {
      throw failure(request, e.getCause());
    } catch (KafkaException e) {
      throw failure(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitException("interrupted while submitting " + request.getRequestId(), e);
    }
  }

  private SubmitException failure(EditRequest request, Throwable cause) {
    String reason =
        cause instanceof TimeoutException
            ? "Kafka at "
                + bootstrapServers
                + " did not answer in time (is `editstream up` running?)"
            : cause.getMessage();
    return new SubmitException(
        "request " + request.getRequestId() + " not submitted: " + reason, cause);
  }

  @Override
  public void close() {
    producer.close();
  }
}

package dev.editstream.gateway;

import dev.editstream.producers.EditDraft;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.RequestState;
import java.util.Optional;

/**
 * What the gateway needs from the rest of EditStream: submit, cancel, look a request's state up,
 * read a result's blob and follow progress. {@link KafkaBackend} is the deployed one; tests of the
 * HTTP layer may use a small fake.
 */
public interface EditBackend extends AutoCloseable {

  /**
   * Submits a request.
   *
   * @return the request id
   * @throws dev.editstream.producers.SubmitException when Kafka or the registry does not take it
   */
  String submit(EditDraft draft);

  /**
   * Asks to cancel a request; the results stage decides.
   *
   * @throws dev.editstream.producers.SubmitException when Kafka or the registry does not take it
   */
  void cancel(String requestId, String reason);

  /**
   * Looks a request's state up in the status store.
   *
   * @return the state, empty when the store holds nothing for the id
   * @throws StatusUnavailableException while the store cannot be queried
   */
  Optional<RequestState> state(String requestId);

  /**
   * Reads a blob a result references.
   *
   * @throws dev.editstream.schemas.blob.BlobStoreException when the store cannot give it
   */
  byte[] blob(BlobRef ref);

  /**
   * Starts following progress reports and results of every request, from now on.
   *
   * @throws IllegalStateException when the topics cannot be followed
   */
  EditEvents followEvents();

  /** Releases what the backend holds (producers, consumers). */
  @Override
  void close();
}

package dev.editstream.gateway;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.EditDraft;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.blob.BlobStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The deployed edge of the gateway: submissions and cancellations through the producers' {@link
 * EditClient}, states from the flow's status store, result images from the blob store, and events
 * from {@code edit-progress} and {@code edit-results} through a {@link TopicFollower}, as {@code
 * editstream watch} reads them.
 */
public final class KafkaBackend implements EditBackend {

  private final EditClient client;
  private final ClientSettings settings;
  private final Function<String, Optional<RequestState>> states;
  private final BlobStore blobs;

  private KafkaBackend(
      EditClient client,
      ClientSettings settings,
      Function<String, Optional<RequestState>> states,
      BlobStore blobs) {
    this.client = client;
    this.settings = settings;
    this.states = states;
    this.blobs = blobs;
  }

  /**
   * Connects to Kafka and the registry.
   *
   * @param settings where Kafka, the registry and the blob store are
   * @param states looks a request's state up; throws {@link StatusUnavailableException} while the
   *     store cannot be queried
   * @param blobs the store result images are read from
   */
  public static KafkaBackend connect(
      ClientSettings settings, Function<String, Optional<RequestState>> states, BlobStore blobs) {
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(blobs, "blobs");
    return new KafkaBackend(EditClient.connect(settings), settings, states, blobs);
  }

  @Override
  public String submit(EditDraft draft) {
    return client.submit(draft);
  }

  @Override
  public void cancel(String requestId, String reason) {
    client.cancel(requestId, reason);
  }

  @Override
  public Optional<RequestState> state(String requestId) {
    return states.apply(requestId);
  }

  @Override
  public byte[] blob(BlobRef ref) {
    return blobs.get(ref);
  }

  @Override
  public EditEvents followEvents() {
    TopicFollower follower =
        TopicFollower.follow(settings, List.of(Topics.EDIT_PROGRESS, Topics.EDIT_RESULTS), false);
    return new EditEvents() {
      @Override
      public List<Object> poll(Duration timeout) {
        return follower.poll(timeout).stream().map(Observed::value).toList();
      }

      @Override
      public void wakeup() {
        follower.wakeup();
      }

      @Override
      public void close() {
        follower.close();
      }
    };
  }

  @Override
  public void close() {
    client.close();
  }
}

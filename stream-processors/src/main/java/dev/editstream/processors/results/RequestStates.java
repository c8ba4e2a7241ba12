package dev.editstream.processors.results;

import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.serde.AvroSerdes;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The state store that dispatch and the results stage share: one {@link RequestState} per request
 * id (the key, and the value's {@code requestId}), persistent and changelogged, so a restarted or
 * moved task knows what it decided.
 */
public final class RequestStates {

  /** The store's name (and, prefixed by the application id, its changelog topic's). */
  public static final String STORE = "request-states";

  private RequestStates() {}

  /**
   * Builds the store.
   *
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   * @return a builder of the persistent key-value store {@link #STORE}
   */
  public static StoreBuilder<KeyValueStore<String, RequestState>> store(
      Map<String, ?> registryConfig) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STORE),
        Serdes.String(),
        AvroSerdes.specific(RequestState.class, registryConfig, false));
  }
}

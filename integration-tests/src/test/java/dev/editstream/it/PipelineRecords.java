package dev.editstream.it;

import dev.editstream.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Catalogue topics read from the beginning, {@code read_committed} (an {@link OutputCollector}),
 * each record decoded with its topic's serde as it arrives, so a test can wait for what it expects
 * and then count, per request id, everything that was ever committed.
 */
final class PipelineRecords implements AutoCloseable {

  /** A record's key and decoded value. */
  record Keyed<V>(String key, V value) {}

  private final OutputCollector raw;
  private final Map<String, Deserializer<?>> values = new HashMap<>();
  private final Map<String, List<Keyed<Object>>> decoded = new HashMap<>();

  PipelineRecords(
      String bootstrapServers, Map<String, ?> registryConfig, List<Topic<String, ?>> topics) {
    for (Topic<String, ?> t : topics) {
      values.put(t.name(), t.valueSerde(registryConfig).deserializer());
      decoded.put(t.name(), new ArrayList<>());
    }
    raw = new OutputCollector(bootstrapServers, values.keySet());
  }

  /** Polls once and decodes what arrived. */
  PipelineRecords poll() {
    raw.poll();
    decodeNew();
    return this;
  }

  /** Reads every topic up to its last stable offset as the broker reports it now. */
  PipelineRecords drainCommitted() {
    raw.drainCommitted();
    decodeNew();
    return this;
  }

  private void decodeNew() {
    values.forEach(
        (topic, deserializer) -> {
          List<ConsumerRecord<byte[], byte[]>> seen = raw.records(topic);
          List<Keyed<Object>> done = decoded.get(topic);
          for (int i = done.size(); i < seen.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = seen.get(i);
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            done.add(new Keyed<>(key, deserializer.deserialize(topic, r.headers(), r.value())));
          }
        });
  }

  /** Every value seen on the topic, in arrival order. */
  @SuppressWarnings("unchecked")
  <V> List<Keyed<V>> all(Topic<String, V> topic) {
    List<Keyed<V>> out = new ArrayList<>();
    decoded.get(topic.name()).forEach(k -> out.add((Keyed<V>) k));
    return out;
  }

  /** The values of one key seen on the topic, in arrival order. */
  <V> List<V> of(Topic<String, V> topic, String key) {
    return all(topic).stream().filter(k -> key.equals(k.key())).map(Keyed::value).toList();
  }

  /** Every value seen on the topic, grouped by key. */
  <V> Map<String, List<V>> byKey(Topic<String, V> topic) {
    return all(topic).stream()
        .collect(
            Collectors.groupingBy(
                Keyed::key,
                LinkedHashMap::new,
                Collectors.mapping(Keyed::value, Collectors.toList())));
  }

  @Override
  public void close() {
    raw.close();
  }
}

package dev.editstream.processors.streams;

import dev.editstream.schemas.Topic;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/** Source and sink nodes of catalogue topics, with the catalogue's serdes. */
public final class TopicNodes {

  private TopicNodes() {}

  /**
   * Adds a source node reading one topic.
   *
   * @param topology the topology
   * @param name the node's name
   * @param topic the topic
   * @param registryConfig serde configuration
   */
  public static void source(
      Topology topology, String name, Topic<String, ?> topic, Map<String, ?> registryConfig) {
    topology.addSource(
        name,
        topic.keySerde(registryConfig).deserializer(),
        topic.valueSerde(registryConfig).deserializer(),
        topic.name());
  }

  /**
   * Adds a sink node writing one topic.
   *
   * @param topology the topology
   * @param name the node's name
   * @param topic the topic
   * @param registryConfig serde configuration
   * @param parents the nodes that forward to it
   */
  @SuppressWarnings("unchecked")
  public static void sink(
      Topology topology,
      String name,
      Topic<String, ?> topic,
      Map<String, ?> registryConfig,
      String... parents) {
    Topic<String, Object> any = (Topic<String, Object>) topic;
    topology.addSink(
        name,
        any.name(),
        any.keySerde(registryConfig).serializer(),
        any.valueSerde(registryConfig).serializer(),
        parents);
  }
}

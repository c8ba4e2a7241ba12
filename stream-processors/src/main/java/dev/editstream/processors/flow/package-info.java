/**
 * The flow application: dispatch and the results stage in one Kafka Streams application sharing one
 * state store ({@link dev.editstream.processors.flow.FlowTopology}, run by {@link
 * dev.editstream.processors.flow.FlowService}).
 */
package dev.editstream.processors.flow;

/**
 * Kafka Streams topologies: intake and validation, caption resolution, inversion cache, mask
 * resolution, dispatch, result and audit assembly.
 */
package dev.editstream.processors;

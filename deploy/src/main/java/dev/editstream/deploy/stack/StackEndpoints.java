package dev.editstream.deploy.stack;

import java.nio.file.Path;

/**
 * Where a running stack listens and keeps its data.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl schema registry URL
 * @param blobRoot root directory of the file blob store
 * @param dataDir the data directory (broker logs, Streams state)
 * @param gatewayUrl base URL of the HTTP gateway (status included); empty without processors
 */
public record StackEndpoints(
    String bootstrapServers, String registryUrl, Path blobRoot, Path dataDir, String gatewayUrl) {}

package dev.editstream.deploy.stack;

import dev.editstream.schemas.blob.BlobStore;
import java.nio.file.Path;

/**
 * Where a running stack listens and keeps its data.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl schema registry URL
 * @param blobRoot root directory of the file blob store, or null when the store is S3
 * @param dataDir the data directory (broker logs, Streams state)
 * @param gatewayUrl base URL of the HTTP gateway (status included); empty without processors
 * @param metricsUrl the Prometheus endpoint of the stack's process ({@code .../metrics})
 * @param blobs the stack's blob store (file or S3), for clients in the same process
 */
public record StackEndpoints(
    String bootstrapServers,
    String registryUrl,
    Path blobRoot,
    Path dataDir,
    String gatewayUrl,
    String metricsUrl,
    BlobStore blobs) {}

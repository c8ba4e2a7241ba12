package dev.editstream.deploy.stack;

import dev.editstream.blob.s3.S3BlobSettings;
import dev.editstream.blob.s3.S3BlobStore;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.FileBlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the blob store the configuration chooses ({@code editstream.blob.store}): the file store at
 * {@code editstream.blob.root}, or the S3 store of {@code editstream.blob.s3.*}. Every part
 * (processors, workers, clients, demo, {@code blobs gc}) opens its store here, so they all agree on
 * one store and intake follows references under its root only.
 */
public final class BlobStores {

  private static final Logger LOG = LoggerFactory.getLogger(BlobStores.class);

  private BlobStores() {}

  /**
   * Opens the configured store. An S3 store connects lazily: a wrong endpoint or a missing bucket
   * shows on the first blob, as a {@code BlobStoreException}. Close the store when it is {@link
   * AutoCloseable} (the S3 store owns an HTTP client).
   *
   * @param config the checked configuration
   */
  public static BlobStore open(EditStreamConfig config) {
    if (config.s3Blobs()) {
      S3BlobSettings settings = config.s3BlobSettings();
      S3BlobStore store = new S3BlobStore(settings);
      // The settings' text masks the secret key; the access key id is not a secret.
      LOG.info("Blob store {} ({})", store.root(), settings);
      return store;
    }
    FileBlobStore store = new FileBlobStore(config.blobRoot());
    LOG.info("Blob store {}", store.root());
    return store;
  }
}

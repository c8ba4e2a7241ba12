package dev.editstream.workers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.BlobStoreException;
import dev.editstream.schemas.blob.FileBlobStore;
import dev.editstream.schemas.blob.StoredBlob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredBlobStoreTest {

  @TempDir Path root;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void countsTheBytesOfEveryPutByMediaTypeAndPassesReadsThrough() {
    MeteredBlobStore store = new MeteredBlobStore(new FileBlobStore(root), registry);

    BlobRef png = store.put(new byte[100], "image/png");
    store.put(new byte[28], "image/png");
    store.put(new byte[7], "application/x-editstream-inversion");

    assertThat(store.get(png)).hasSize(100);
    assertThat(store.exists(png)).isTrue();
    assertThat(registry.scrape())
        .contains("editstream_blob_bytes_stored_total{media_type=\"image/png\"} 128.0")
        .contains(
            "editstream_blob_bytes_stored_total{media_type=\"application/x-editstream-inversion\"}"
                + " 7.0");
  }

  @Test
  void aFailedPutCountsNothing() {
    MeteredBlobStore store = new MeteredBlobStore(new FullStore(root), registry);

    assertThatThrownBy(() -> store.put(new byte[10], "image/png"))
        .isInstanceOf(BlobStoreException.class);
    assertThat(registry.find("editstream.blob.bytes.stored").counters()).isEmpty();
  }

  /** A store whose disk is full: every put fails. */
  private record FullStore(Path dir) implements BlobStore {
    @Override
    public BlobRef put(byte[] bytes, String mediaType) {
      throw new BlobStoreException("no space left on device", null);
    }

    @Override
    public byte[] get(BlobRef ref) {
      throw new BlobStoreException("empty", null);
    }

    @Override
    public boolean exists(BlobRef ref) {
      return false;
    }

    @Override
    public URI root() {
      return dir.toUri();
    }

    @Override
    public void forEachStored(java.util.function.Consumer<StoredBlob> action) {}

    @Override
    public java.util.Optional<StoredBlob> stat(String sha256) {
      return java.util.Optional.empty();
    }

    @Override
    public boolean delete(String sha256) {
      return false;
    }
  }
}

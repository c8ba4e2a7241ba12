package dev.editstream.schemas.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.BlobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

  @TempDir Path dir;

  @Test
  void putIsContentAddressedAndIdempotent() {
    FileBlobStore store = new FileBlobStore(dir);
    byte[] bytes = "latent".getBytes(StandardCharsets.UTF_8);
    BlobRef first = store.put(bytes, "application/octet-stream");
    BlobRef second = store.put(bytes, "application/octet-stream");
    assertThat(first).isEqualTo(second);
    assertThat(first.getSha256()).isEqualTo(Sha256.hex(bytes));
    assertThat(first.getSize()).isEqualTo(bytes.length);
    assertThat(first.getUri()).startsWith("file:").endsWith(first.getSha256());
    assertThat(store.exists(first)).isTrue();
    assertThat(store.get(first)).isEqualTo(bytes);
    assertThat(BlobRefPolicy.allowing(store).check(first)).isEmpty();
  }

  @Test
  void getDetectsTamperingAndMissingBlobs() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    BlobRef ref = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    Files.write(Path.of(java.net.URI.create(ref.getUri())), new byte[] {1, 2, 4});
    assertThatThrownBy(() -> store.get(ref)).isInstanceOf(BlobIntegrityException.class);

    BlobRef missing = BlobRef.newBuilder(ref).setSha256(Sha256.hex(new byte[] {9})).build();
    assertThat(store.exists(missing)).isFalse();
    assertThatThrownBy(() -> store.get(missing)).isInstanceOf(BlobNotFoundException.class);
  }
}

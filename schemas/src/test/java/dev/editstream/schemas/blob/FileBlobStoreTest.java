package dev.editstream.schemas.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.BlobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void listsStatsAndDeletesBlobsButNotLeftoverTempFiles() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    BlobRef a = store.put(new byte[] {1}, "application/octet-stream");
    BlobRef b = store.put(new byte[] {2, 2}, "image/png");
    Path blobDir = Path.of(java.net.URI.create(a.getUri())).getParent();
    Files.write(blobDir.resolve(".put-123.tmp"), new byte[] {7});

    List<StoredBlob> listed = new ArrayList<>();
    store.forEachStored(listed::add);
    assertThat(listed)
        .extracting(StoredBlob::sha256, StoredBlob::size, StoredBlob::uri)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(a.getSha256(), 1L, a.getUri()),
            org.assertj.core.groups.Tuple.tuple(b.getSha256(), 2L, b.getUri()));

    assertThat(store.delete(a.getSha256())).isTrue();
    assertThat(store.delete(a.getSha256())).isFalse();
    assertThat(store.stat(a.getSha256())).isEmpty();
    assertThat(store.exists(b)).isTrue();
    assertThat(Files.exists(blobDir.resolve(".put-123.tmp"))).isTrue();
  }

  @Test
  void puttingHeldBytesAgainMakesTheBlobYoung() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    byte[] bytes = {4, 5, 6};
    BlobRef ref = store.put(bytes, "application/octet-stream");
    Instant old = Instant.now().minus(Duration.ofDays(30));
    Files.setLastModifiedTime(Path.of(java.net.URI.create(ref.getUri())), FileTime.from(old));
    assertThat(store.stat(ref.getSha256()).orElseThrow().lastModified())
        .isBefore(old.plusSeconds(1));

    store.put(bytes, "application/octet-stream");

    assertThat(store.stat(ref.getSha256()).orElseThrow().lastModified())
        .isAfter(Instant.now().minus(Duration.ofMinutes(1)));
  }
}

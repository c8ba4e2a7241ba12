package dev.editstream.schemas.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.blob.BlobRefPolicy.Kind;
import dev.editstream.schemas.blob.BlobRefPolicy.Violation;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlobRefPolicyTest {

  private static final String SHA = Sha256.hex(new byte[] {1});
  private static final BlobRefPolicy POLICY =
      BlobRefPolicy.allowing(
          List.of(URI.create("file:///data/blobs"), URI.create("s3://bucket/edits/")));

  @ParameterizedTest
  @CsvSource({
    "file:///data/blobs/sha256/ab/cd/x, ",
    "file:/data/blobs/x, ",
    "s3://bucket/edits/x.png, ",
    "file:///data/blobs/../etc/passwd, PATH_TRAVERSAL",
    "file:///data/blobs/%2e%2e/etc/passwd, PATH_TRAVERSAL",
    "file:///data/blobs/a\\..\\b, PATH_TRAVERSAL",
    "http://evil.example/x.png, FOREIGN_SCHEME",
    "jar:file:///data/blobs/x!/y, MALFORMED_URI",
    "file:///etc/passwd, OUTSIDE_ROOT",
    "file:///data/blobsX/x, OUTSIDE_ROOT",
    "file:///data/blobs/, OUTSIDE_ROOT",
    "s3://other/edits/x, OUTSIDE_ROOT",
    "file:relative/x, MALFORMED_URI",
    "file:///data/blobs/x?y=1, MALFORMED_URI",
    "not a uri, MALFORMED_URI"
  })
  void judgesUris(String uri, Kind expected) {
    BlobRef ref = new BlobRef(uri, SHA, 1L, "image/png");
    assertThat(POLICY.check(ref).map(Violation::kind))
        .isEqualTo(java.util.Optional.ofNullable(expected));
  }

  @ParameterizedTest
  @CsvSource({"ABC, 1, BAD_SHA256", "ok, -1, BAD_SIZE", "ok, 2000, BAD_SIZE"})
  void judgesHashAndSize(String sha, long size, Kind expected) {
    BlobRef ref =
        new BlobRef("file:///data/blobs/x", sha.equals("ok") ? SHA : sha, size, "image/png");
    assertThat(POLICY.withMaxSize(1000).check(ref).map(Violation::kind)).contains(expected);
  }
}

package dev.editstream.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3BlobSettingsTest {

  private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

  @Test
  void acceptsAnS3CompatibleServiceAndAwsItself() {
    S3BlobSettings minio =
        new S3BlobSettings(ENDPOINT, "us-east-1", "blobs", "editstream/", "key", "secret", true);
    assertThat(minio.bucket()).isEqualTo("blobs");

    S3BlobSettings aws =
        new S3BlobSettings(null, "eu-west-1", "my.blobs-1", null, null, null, false);
    assertThat(aws.prefix()).isEmpty();
    assertThat(aws.accessKey()).isEmpty();
    assertThat(aws.secretKey()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "Blobs", "blobs_1", "-blobs", "blobs-", "a..b", "192.168.0.1"})
  void refusesBucketsS3WouldRefuse(String bucket) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new S3BlobSettings(ENDPOINT, "us-east-1", bucket, "", "", "", true))
        .withMessageContaining("S3 bucket")
        .withMessageContaining("'" + bucket + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"blobs", "/blobs/", "a//b/", "a/../b/", "./", "sp ace/", "x%2F/", "a\\b/"})
  void refusesPrefixesThatWouldNotMatchTheStoreRoot(String prefix) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new S3BlobSettings(ENDPOINT, "us-east-1", "blobs", prefix, "", "", true))
        .withMessageContaining("S3 key prefix");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://host", "localhost:9000", "http:///path", "http://u:p@host", "http://h?x=1"})
  void refusesEndpointsThatAreNotPlainHttpServices(String endpoint) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new S3BlobSettings(URI.create(endpoint), "us-east-1", "blobs", "", "", "", true))
        .withMessageContaining("S3 endpoint");
  }

  @Test
  void refusesABlankRegion() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new S3BlobSettings(ENDPOINT, " ", "blobs", "", "", "", true))
        .withMessageContaining("S3 region");
  }

  @Test
  void needsBothKeysOrNeither() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new S3BlobSettings(ENDPOINT, "us-east-1", "blobs", "", "key", "", true))
        .withMessageContaining("only an access key");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new S3BlobSettings(ENDPOINT, "us-east-1", "blobs", "", "", "secret", true))
        .withMessageContaining("only a secret key");
  }

  @Test
  void toStringHidesTheSecret() {
    S3BlobSettings settings =
        new S3BlobSettings(ENDPOINT, "us-east-1", "blobs", "", "key", "hunter2", true);
    assertThat(settings.toString()).contains("key").contains("****").doesNotContain("hunter2");
  }
}

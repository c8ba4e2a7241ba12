package dev.editstream.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditStreamConfigTest {

  @TempDir Path tmp;

  @Test
  void defaultsDescribeALoopbackStackInTheWorkingDirectory() {
    EditStreamConfig config = EditStreamConfig.defaults();
    assertThat(config.get(EditStreamConfig.BIND_HOST)).isEqualTo("127.0.0.1");
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.dataDir()).isEqualTo(Path.of(".editstream").toAbsolutePath().normalize());
    assertThat(config.blobRoot()).isEqualTo(config.dataDir().resolve("blobs"));
    assertThat(config.get(EditStreamConfig.INTAKE_DEDUP_RETENTION)).isEqualTo(Duration.ofDays(7));
    assertThat(config.get(EditStreamConfig.INTAKE_BUNDLES)).containsExactly("shapes32");
    assertThat(config.source(EditStreamConfig.KAFKA_PORT)).isEqualTo("default");
  }

  @Test
  void fileThenEnvironmentThenOverridesTakePrecedence() throws IOException {
    Path file =
        write(
            "editstream.kafka.port=19092\neditstream.registry.port=18081\n"
                + "editstream.intake.bundles = shapes32, big\n");
    EditStreamConfig config =
        EditStreamConfig.load(
            file,
            Map.of("EDITSTREAM_REGISTRY_PORT", "28081", "EDITSTREAM_DEMO_TIMEOUT", "PT2M"),
            Map.of("editstream.data.dir", "/srv/es"));
    assertThat(config.get(EditStreamConfig.KAFKA_PORT)).isEqualTo(19092);
    assertThat(config.get(EditStreamConfig.REGISTRY_PORT)).isEqualTo(28081);
    assertThat(config.source(EditStreamConfig.REGISTRY_PORT))
        .isEqualTo("environment variable EDITSTREAM_REGISTRY_PORT");
    assertThat(config.get(EditStreamConfig.DEMO_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.get(EditStreamConfig.INTAKE_BUNDLES)).containsExactly("shapes32", "big");
    assertThat(config.dataDir()).isEqualTo(Path.of("/srv/es"));
    assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:28081");
  }

  @Test
  void reportsEveryProblemWithItsCodeAndSource() throws IOException {
    Path file = write("editstream.kafka.prot=1\neditstream.intake.max.steps=0\n");
    assertThatThrownBy(
            () ->
                EditStreamConfig.load(
                    file,
                    Map.of("EDITSTREAM_KAFKA_PORT", "99999", "EDITSTREAM_DATADIR", "x"),
                    Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(ConfigProblem::code, ConfigProblem::key)
                  .containsExactlyInAnyOrder(
                      org.assertj.core.groups.Tuple.tuple(
                          "CONFIG_UNKNOWN_KEY", "editstream.kafka.prot"),
                      org.assertj.core.groups.Tuple.tuple(
                          "CONFIG_UNKNOWN_KEY", "EDITSTREAM_DATADIR"),
                      org.assertj.core.groups.Tuple.tuple(
                          "CONFIG_INVALID_VALUE", "editstream.kafka.port"),
                      org.assertj.core.groups.Tuple.tuple(
                          "CONFIG_INVALID_VALUE", "editstream.intake.max.steps"));
              assertThat(e.getMessage())
                  .contains("'99999' must be between 0 and 65535")
                  .contains("environment variable EDITSTREAM_KAFKA_PORT");
            });
  }

  @Test
  void refusesTwoServersOnOnePortButAllowsSeveralZeros() {
    assertThatThrownBy(
            () -> EditStreamConfig.load(null, Map.of("EDITSTREAM_REGISTRY_PORT", "9092"), Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.code()).isEqualTo("CONFIG_CONFLICT")));
    Map<String, String> zeros =
        Map.of(
            "EDITSTREAM_KAFKA_PORT", "0",
            "EDITSTREAM_KAFKA_CONTROLLER_PORT", "0",
            "EDITSTREAM_REGISTRY_PORT", "0");
    assertThat(EditStreamConfig.load(null, zeros, Map.of()).get(EditStreamConfig.KAFKA_PORT))
        .isZero();
  }

  @Test
  void reportsAnUnreadableFile() {
    assertThatThrownBy(() -> EditStreamConfig.load(tmp.resolve("missing"), Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.problems().get(0).code()).isEqualTo("CONFIG_FILE_UNREADABLE"));
  }

  @Test
  void parsesShortAndIsoDurationsAndRefusesOthers() {
    ValueParser<Duration> durations = ValueParsers.duration();
    assertThat(durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    for (String bad : List.of("ten minutes", "0s", "-PT1S")) {
      assertThatThrownBy(() -> durations.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aWorkerIdIsEmptyForTheHostNameOrNamesKafkaResourcesSafely() {
    assertThat(EditStreamConfig.load(null, Map.of(), Map.of()).get(EditStreamConfig.WORKER_ID))
        .isEmpty();
    assertThat(
            EditStreamConfig.load(null, Map.of("EDITSTREAM_WORKER_ID", "gpu-1.a_b"), Map.of())
                .get(EditStreamConfig.WORKER_ID))
        .isEqualTo("gpu-1.a_b");
    assertThatThrownBy(
            () -> EditStreamConfig.load(null, Map.of("EDITSTREAM_WORKER_ID", "gpu 1"), Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.code()).isEqualTo("CONFIG_INVALID_VALUE")));
  }

  @Test
  void theBlobStoreIsAFileStoreUnlessS3IsChosen() {
    EditStreamConfig defaults = EditStreamConfig.defaults();
    assertThat(defaults.s3Blobs()).isFalse();

    EditStreamConfig s3 =
        EditStreamConfig.load(
            null,
            Map.of(
                "EDITSTREAM_BLOB_STORE", "S3",
                "EDITSTREAM_BLOB_S3_BUCKET", "edits",
                "EDITSTREAM_BLOB_S3_ENDPOINT", "http://127.0.0.1:9000",
                "EDITSTREAM_BLOB_S3_PREFIX", "editstream/blobs/",
                "EDITSTREAM_BLOB_S3_PATH_STYLE", "true"),
            Map.of());
    assertThat(s3.s3Blobs()).isTrue();
    var settings = s3.s3BlobSettings();
    assertThat(settings.bucket()).isEqualTo("edits");
    assertThat(settings.endpoint()).hasToString("http://127.0.0.1:9000");
    assertThat(settings.prefix()).isEqualTo("editstream/blobs/");
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.accessKey()).isEmpty();
  }

  @Test
  void anS3StoreNeedsABucketAndSoundSettingsAndNeverShowsTheSecret() {
    assertThatThrownBy(
            () -> EditStreamConfig.load(null, Map.of("EDITSTREAM_BLOB_STORE", "s3"), Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.code()).isEqualTo("CONFIG_CONFLICT");
                          assertThat(p.key()).isEqualTo("editstream.blob.s3.bucket");
                        }));

    assertThatThrownBy(
            () ->
                EditStreamConfig.load(
                    null,
                    Map.of(
                        "EDITSTREAM_BLOB_STORE", "s3",
                        "EDITSTREAM_BLOB_S3_BUCKET", "edits",
                        "EDITSTREAM_BLOB_S3_PREFIX", "no-slash",
                        "EDITSTREAM_BLOB_S3_SECRET_KEY", "very-secret-value"),
                    Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.problems())
                  .singleElement()
                  .satisfies(p -> assertThat(p.code()).isEqualTo("CONFIG_INVALID_VALUE"));
              assertThat(e.getMessage()).contains("prefix").doesNotContain("very-secret-value");
            });

    assertThatThrownBy(
            () -> EditStreamConfig.load(null, Map.of("EDITSTREAM_BLOB_STORE", "gcs"), Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("must be one of file, s3");
  }

  @Test
  void everyKeyIsDocumentedWithItsEnvironmentVariableAndDefault() throws IOException {
    String doc =
        Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
    for (ConfigKey<?> key : EditStreamConfig.keys()) {
      String row =
          doc.lines()
              .filter(l -> l.startsWith("| `" + key.name() + "` |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(key.name() + " is not documented"));
      assertThat(row).contains("`" + key.environmentVariable() + "`");
      if (!key.defaultValue().isEmpty()) {
        assertThat(row).as(key.name()).contains("`" + key.defaultValue() + "`");
      }
    }
  }

  private Path write(String text) throws IOException {
    Path file = tmp.resolve("editstream.properties");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}

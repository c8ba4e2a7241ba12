package dev.editstream.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleManifestTest {
  @TempDir Path dir;

  @Test
  void missingManifestIsNamed() {
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.MISSING_FILE))
        .hasMessageContaining("no bundle.json");
  }

  @Test
  void missingFieldsAreNamed() throws Exception {
    Files.writeString(dir.resolve("bundle.json"), "{\"name\":\"x\",\"imageSize\":32}");
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.INVALID_MANIFEST))
        .hasMessageContaining("missing field 'version'")
        .hasMessageContaining("missing field 'noiseSchedule'");
  }

  @Test
  void malformedJsonIsReported() throws Exception {
    Files.writeString(dir.resolve("bundle.json"), "{not json");
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("INVALID_MANIFEST");
  }

  @Test
  void scaledLinearScheduleMatchesStableDiffusion() {
    BundleManifest.NoiseSchedule s =
        new BundleManifest.NoiseSchedule("scaled_linear", 0.00085, 0.012, 1000, "epsilon");
    double[] b = s.betas();
    assertThat(b[0]).isCloseTo(0.00085, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(b[999]).isCloseTo(0.012, org.assertj.core.api.Assertions.within(1e-12));
    // diffusers: alphas_cumprod[999] of this schedule is 0.0047
    assertThat(s.alphasCumprod()[999])
        .isCloseTo(0.00466, org.assertj.core.api.Assertions.within(1e-4));
  }
}

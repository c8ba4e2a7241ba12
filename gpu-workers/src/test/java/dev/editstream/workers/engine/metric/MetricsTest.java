package dev.editstream.workers.engine.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final int N = 32;

  private static RgbImage noise(long seed, double amplitude, RgbImage base) {
    Random r = new Random(seed);
    float[] p = base.pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.max(0, Math.min(1, p[i] + amplitude * r.nextGaussian()));
    }
    return RgbImage.of(N, N, p);
  }

  /** Left half of the image is the region. */
  private static Mask leftHalf() {
    boolean[] in = new boolean[N * N];
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N / 2; x++) {
        in[y * N + x] = true;
      }
    }
    return Mask.of(N, N, in);
  }

  @Test
  void psnrOfAUniformErrorIsMinusTwentyLogOfIt() {
    RgbImage a = RgbImage.filled(N, N, 0.5f, 0.5f, 0.5f);
    RgbImage b = RgbImage.filled(N, N, 0.6f, 0.6f, 0.6f);
    assertThat(Psnr.of(a, b)).isCloseTo(20.0, within(1e-4));
    assertThat(Psnr.of(a, a)).isEqualTo(Psnr.CAP_DB);
  }

  @Test
  void psnrInsideAndOutsideAMaskSeesOnlyItsRegion() {
    RgbImage a = RgbImage.filled(N, N, 0.2f, 0.4f, 0.6f);
    float[] p = a.pixels();
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N / 2; x++) {
        for (int c = 0; c < 3; c++) {
          p[(y * N + x) * 3 + c] += 0.01f;
        }
      }
    }
    RgbImage b = RgbImage.of(N, N, p);
    assertThat(Psnr.of(a, b, leftHalf())).isCloseTo(40.0, within(1e-3));
    assertThat(Psnr.of(a, b, leftHalf().inverse())).isEqualTo(Psnr.CAP_DB);
    // half the pixels carry error 0.01: MSE = 0.5e-4
    assertThat(Psnr.of(a, b)).isCloseTo(10 * Math.log10(2e4), within(1e-3));
    assertThat(Psnr.of(a, b, Mask.of(N, N, new float[N * N]))).isNaN();
  }

  @Test
  void ssimOfIdenticalImagesIsOne() {
    RgbImage a = noise(1, 0.3, RgbImage.filled(N, N, 0.5f, 0.5f, 0.5f));
    assertThat(Ssim.of(a, a)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void ssimOfTwoFlatImagesIsTheLuminanceTermInClosedForm() {
    RgbImage a = RgbImage.filled(N, N, 0.2f, 0.2f, 0.2f);
    RgbImage b = RgbImage.filled(N, N, 0.6f, 0.6f, 0.6f);
    double mu1 = 0.2f;
    double mu2 = 0.6f;
    double expected = (2 * mu1 * mu2 + 1e-4) / (mu1 * mu1 + mu2 * mu2 + 1e-4);
    assertThat(Ssim.of(a, b)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void ssimOfAFlatImageAgainstNoiseAroundTheSameMeanIsTheStructureTerm() {
    // flat a: var_a = cov = 0, so SSIM = l * C2 / (var_b + C2) per window; with the same mean
    // everywhere l = 1 only in expectation, so bound it instead of matching exactly
    RgbImage a = RgbImage.filled(N, N, 0.5f, 0.5f, 0.5f);
    RgbImage b = noise(2, 0.1, a);
    double s = Ssim.of(a, b);
    assertThat(s).isBetween(0.0, 0.1);
    assertThat(s).isCloseTo(0.0009 / (0.01 + 0.0009), within(0.03));
  }

  @Test
  void ssimFallsWithMoreNoiseAndIsSymmetric() {
    RgbImage base = noise(3, 0.2, RgbImage.filled(N, N, 0.5f, 0.4f, 0.3f));
    RgbImage little = noise(4, 0.02, base);
    RgbImage more = noise(5, 0.1, base);
    assertThat(Ssim.of(base, little)).isGreaterThan(Ssim.of(base, more));
    assertThat(Ssim.of(base, more)).isCloseTo(Ssim.of(more, base), within(1e-12));
  }

  @Test
  void maskedSsimIgnoresChangesOutsideTheRegion() {
    RgbImage base = noise(6, 0.2, RgbImage.filled(N, N, 0.5f, 0.5f, 0.5f));
    float[] p = base.pixels();
    for (int y = 0; y < N; y++) {
      for (int x = N / 2 + 6; x < N; x++) {
        for (int c = 0; c < 3; c++) {
          p[(y * N + x) * 3 + c] = 1f - p[(y * N + x) * 3 + c];
        }
      }
    }
    RgbImage changed = RgbImage.of(N, N, p);
    // windows centred at x <= 15 reach at most x = 20 < 22: untouched
    assertThat(Ssim.of(base, changed, leftHalf())).isCloseTo(1.0, within(1e-12));
    assertThat(Ssim.of(base, changed, leftHalf().inverse())).isLessThan(0.9);
  }

  @Test
  void clipScoresFollowTheirDefinitions() {
    float[] img = {1, 0, 0};
    float[] txt = {1, 1, 0};
    assertThat(ClipScore.of(img, txt)).isCloseTo(100 / Math.sqrt(2), within(1e-9));
    assertThat(ClipScore.of(img, new float[] {-1, 0, 0})).isZero();
    float[] edited = {1, 0, 1};
    float[] target = {1, 1, 2};
    // image moved by (0,0,1), text moved by (0,0,2): same direction
    assertThat(ClipScore.directional(img, edited, txt, target)).isCloseTo(1.0, within(1e-9));
  }
}

package dev.editstream.workers.engine.metric;

import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) with the paper's settings: an
 * 11×11 Gaussian window with σ 1.5, K1 0.01, K2 0.03, dynamic range 1, weighted (not sample)
 * moments, computed per channel over the "valid" window positions and averaged (as scikit-image
 * with {@code gaussian_weights=True}). Masked SSIM weights each window by the mask at its centre.
 */
public final class Ssim {
  static final int WINDOW = 11;
  static final double SIGMA = 1.5;
  static final double C1 = 0.01 * 0.01;
  static final double C2 = 0.03 * 0.03;
  private static final double[] KERNEL = gaussian();

  private Ssim() {}

  private static double[] gaussian() {
    double[] k = new double[WINDOW];
    double sum = 0;
    int r = WINDOW / 2;
    for (int i = 0; i < WINDOW; i++) {
      k[i] = Math.exp(-((i - r) * (i - r)) / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /** Mean SSIM over the whole image. */
  public static double of(RgbImage a, RgbImage b) {
    return of(a, b, Mask.full(a.height(), a.width()));
  }

  /** Mean SSIM of the windows centred in a region (weighted by the mask); NaN if none are. */
  public static double of(RgbImage a, RgbImage b, Mask region) {
    Psnr.requireSameSize(a, b, region);
    if (a.height() < WINDOW || a.width() < WINDOW) {
      throw new IllegalArgumentException("SSIM needs images of at least 11x11, got " + a);
    }
    int r = WINDOW / 2;
    double sum = 0;
    double weight = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = r; y < a.height() - r; y++) {
        for (int x = r; x < a.width() - r; x++) {
          double w = region.get(y, x);
          if (w > 0) {
            sum += w * window(a, b, c, y, x);
            weight += w;
          }
        }
      }
    }
    return weight == 0 ? Double.NaN : sum / weight;
  }

  /** SSIM of one channel's window centred at (cy, cx). */
  private static double window(RgbImage a, RgbImage b, int c, int cy, int cx) {
    int r = WINDOW / 2;
    double ma = 0;
    double mb = 0;
    double aa = 0;
    double bb = 0;
    double ab = 0;
    for (int dy = -r; dy <= r; dy++) {
      for (int dx = -r; dx <= r; dx++) {
        double w = KERNEL[dy + r] * KERNEL[dx + r];
        double va = a.get(cy + dy, cx + dx, c);
        double vb = b.get(cy + dy, cx + dx, c);
        ma += w * va;
        mb += w * vb;
        aa += w * va * va;
        bb += w * vb * vb;
        ab += w * va * vb;
      }
    }
    double varA = aa - ma * ma;
    double varB = bb - mb * mb;
    double cov = ab - ma * mb;
    return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
  }
}

package dev.editstream.workers.engine.metric;

import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;

/**
 * Peak signal-to-noise ratio for images in [0, 1] (peak 1): {@code 10 log10(1 / MSE)}. Identical
 * images would give infinity; the value is capped at {@link #CAP_DB} so means stay finite.
 */
public final class Psnr {
  /** The largest value reported, reached when the images are identical. */
  public static final double CAP_DB = 100.0;

  private Psnr() {}

  /** PSNR over the whole image. */
  public static double of(RgbImage a, RgbImage b) {
    return of(a, b, Mask.full(a.height(), a.width()));
  }

  /**
   * PSNR over a region: the squared error of each pixel (all three channels) weighted by the mask.
   * Returns NaN when the region is empty.
   */
  public static double of(RgbImage a, RgbImage b, Mask region) {
    requireSameSize(a, b, region);
    double sum = 0;
    double weight = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        double w = region.get(y, x);
        if (w == 0) {
          continue;
        }
        for (int c = 0; c < 3; c++) {
          double d = a.get(y, x, c) - b.get(y, x, c);
          sum += w * d * d;
        }
        weight += 3 * w;
      }
    }
    if (weight == 0) {
      return Double.NaN;
    }
    return fromMse(sum / weight);
  }

  /** PSNR of a mean squared error, capped. */
  public static double fromMse(double mse) {
    if (mse <= Math.pow(10, -CAP_DB / 10)) {
      return CAP_DB;
    }
    return -10 * Math.log10(mse);
  }

  static void requireSameSize(RgbImage a, RgbImage b, Mask region) {
    if (a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("image sizes differ: " + a + " vs " + b);
    }
    if (region.height() != a.height() || region.width() != a.width()) {
      throw new IllegalArgumentException("mask size differs from image: " + region + " vs " + a);
    }
  }
}

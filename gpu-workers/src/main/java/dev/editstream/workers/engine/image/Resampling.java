package dev.editstream.workers.engine.image;

/**
 * Pure-Java resampling whose every result is fixed by IEEE arithmetic alone (no Java2D, no
 * transcendental functions), so the same pixels give the same bytes in any JVM.
 */
final class Resampling {
  private Resampling() {}

  /**
   * How the cells of an axis of {@code to} cells overlap one of {@code from} cells, on a grid of
   * {@code from · to} units where an output cell spans {@code from} units and an input cell {@code
   * to}: output cell o overlaps input cells {@code first .. first + weights.length - 1} by {@code
   * weights} units, which sum to {@code from}.
   */
  record Span(int first, long[] weights) {}

  static Span[] spans(int from, int to) {
    Span[] out = new Span[to];
    for (int o = 0; o < to; o++) {
      long start = (long) o * from;
      long end = start + from;
      int first = (int) (start / to);
      int last = (int) ((end - 1) / to);
      long[] w = new long[last - first + 1];
      for (int i = first; i <= last; i++) {
        w[i - first] = Math.min(end, (long) (i + 1) * to) - Math.max(start, (long) i * to);
      }
      out[o] = new Span(first, w);
    }
    return out;
  }

  /**
   * The area average of 8-bit HWC RGB at {@code h × w} onto {@code nh × nw}, as floats in [0, 1]:
   * each output pixel is the mean of the input it covers, every input pixel weighted by the area of
   * the overlap. The sums are exact integers; only the final division rounds.
   */
  static float[] areaAverage(byte[] rgb, int h, int w, int nh, int nw) {
    Span[] cols = spans(w, nw);
    Span[] rows = spans(h, nh);
    long[] across = new long[h * nw * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < nw; x++) {
        Span s = cols[x];
        for (int k = 0; k < s.weights().length; k++) {
          int in = (y * w + s.first() + k) * 3;
          int o = (y * nw + x) * 3;
          for (int c = 0; c < 3; c++) {
            across[o + c] += s.weights()[k] * (rgb[in + c] & 0xff);
          }
        }
      }
    }
    double whole = 255.0 * h * w;
    float[] out = new float[nh * nw * 3];
    for (int y = 0; y < nh; y++) {
      Span s = rows[y];
      for (int x = 0; x < nw; x++) {
        for (int c = 0; c < 3; c++) {
          long acc = 0;
          for (int k = 0; k < s.weights().length; k++) {
            acc += s.weights()[k] * across[((s.first() + k) * nw + x) * 3 + c];
          }
          out[(y * nw + x) * 3 + c] = (float) (acc / whole);
        }
      }
    }
    return out;
  }

  /**
   * Bilinear resampling of HWC RGB floats from {@code h × w} to {@code nh × nw} with pixel centres
   * aligned ({@code align_corners=false}, as torch and PIL): output pixel (y, x) samples the input
   * at {@code ((y + ½) · h / nh − ½, (x + ½) · w / nw − ½)}, clamped to the edge pixels.
   */
  static float[] bilinear(float[] hwc, int h, int w, int nh, int nw) {
    float[] out = new float[nh * nw * 3];
    for (int y = 0; y < nh; y++) {
      double sy = clamp((y + 0.5) * h / nh - 0.5, h - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, h - 1);
      double fy = sy - y0;
      for (int x = 0; x < nw; x++) {
        double sx = clamp((x + 0.5) * w / nw - 0.5, w - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, w - 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double top = lerp(hwc[(y0 * w + x0) * 3 + c], hwc[(y0 * w + x1) * 3 + c], fx);
          double bottom = lerp(hwc[(y1 * w + x0) * 3 + c], hwc[(y1 * w + x1) * 3 + c], fx);
          out[(y * nw + x) * 3 + c] = (float) lerp(top, bottom, fy);
        }
      }
    }
    return out;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  private static double lerp(double a, double b, double f) {
    return a + f * (b - a);
  }
}

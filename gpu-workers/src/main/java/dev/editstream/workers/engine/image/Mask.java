package dev.editstream.workers.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An immutable soft mask: {@code height × width} weights in [0, 1], 1 = the edited region. Binary
 * masks are the special case of weights 0 and 1.
 */
public final class Mask {
  private final int height;
  private final int width;
  private final float[] weights;

  private Mask(int height, int width, float[] weights) {
    if (height < 1 || width < 1 || weights.length != height * width) {
      throw new IllegalArgumentException(
          "mask "
              + height
              + "x"
              + width
              + " needs "
              + height * width
              + " weights, got "
              + weights.length);
    }
    this.height = height;
    this.width = width;
    this.weights = weights;
  }

  /** A mask from row-major weights (copied, clamped to [0, 1]). */
  public static Mask of(int height, int width, float[] weights) {
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(0f, Math.min(1f, weights[i]));
    }
    return new Mask(height, width, w);
  }

  /** A mask from booleans (true = edited region). */
  public static Mask of(int height, int width, boolean[] inside) {
    float[] w = new float[inside.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = inside[i] ? 1f : 0f;
    }
    return new Mask(height, width, w);
  }

  /** The mask covering everything. */
  public static Mask full(int height, int width) {
    float[] w = new float[height * width];
    Arrays.fill(w, 1f);
    return new Mask(height, width, w);
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** The weight at (y, x). */
  public float get(int y, int x) {
    return weights[y * width + x];
  }

  /** A copy of the row-major weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** The complement {@code 1 - w}: the region left alone. */
  public Mask inverse() {
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 1f - weights[i];
    }
    return new Mask(height, width, w);
  }

  /** Sum of weights: the region's area in pixels. */
  public double area() {
    double s = 0;
    for (float w : weights) {
      s += w;
    }
    return s;
  }

  /** Nearest-neighbour resampling (torch's {@code interpolate(mode="nearest")}). */
  public Mask resized(int newHeight, int newWidth) {
    float[] w = new float[newHeight * newWidth];
    for (int y = 0; y < newHeight; y++) {
      int sy = Math.min(height - 1, (int) Math.floor(y * (double) height / newHeight));
      for (int x = 0; x < newWidth; x++) {
        int sx = Math.min(width - 1, (int) Math.floor(x * (double) width / newWidth));
        w[y * newWidth + x] = weights[sy * width + sx];
      }
    }
    return new Mask(newHeight, newWidth, w);
  }

  /**
   * Resampling that keeps every touched pixel: each new pixel takes the largest weight of the old
   * pixels its area overlaps. Shrinking a mask this way gives a region that covers the original
   * wherever it is resampled back.
   */
  public Mask covering(int newHeight, int newWidth) {
    Resampling.Span[] rows = Resampling.spans(height, newHeight);
    Resampling.Span[] cols = Resampling.spans(width, newWidth);
    float[] w = new float[newHeight * newWidth];
    for (int y = 0; y < newHeight; y++) {
      for (int x = 0; x < newWidth; x++) {
        w[y * newWidth + x] = largest(rows[y], cols[x]);
      }
    }
    return new Mask(newHeight, newWidth, w);
  }

  private float largest(Resampling.Span rows, Resampling.Span cols) {
    float best = 0f;
    for (int y = rows.first(); y < rows.first() + rows.weights().length; y++) {
      for (int x = cols.first(); x < cols.first() + cols.weights().length; x++) {
        best = Math.max(best, weights[y * width + x]);
      }
    }
    return best;
  }

  /** Weights above {@code threshold} become 1, the rest 0. */
  public Mask binary(double threshold) {
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i] > threshold ? 1f : 0f;
    }
    return new Mask(height, width, w);
  }

  /** Point-wise maximum (union) with another mask of the same size. */
  public Mask union(Mask other) {
    requireSameSize(other);
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(weights[i], other.weights[i]);
    }
    return new Mask(height, width, w);
  }

  /** Intersection-over-union with another mask, after thresholding both at 0.5. */
  public double iou(Mask other) {
    requireSameSize(other);
    int inter = 0;
    int union = 0;
    for (int i = 0; i < weights.length; i++) {
      boolean a = weights[i] > 0.5f;
      boolean b = other.weights[i] > 0.5f;
      inter += a && b ? 1 : 0;
      union += a || b ? 1 : 0;
    }
    return union == 0 ? 1.0 : (double) inter / union;
  }

  private void requireSameSize(Mask other) {
    if (other.height != height || other.width != width) {
      throw new IllegalArgumentException(
          "mask sizes differ: " + height + "x" + width + " vs " + other.height + "x" + other.width);
    }
  }

  /**
   * The mask as a grey-level PNG of its size, 255 where the weight is above 0 and 0 elsewhere: the
   * mask image a request carries ({@code MaskImage}), which a worker reads back to this mask's
   * inside.
   */
  public byte[] toPng() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, get(y, x) > 0 ? 255 : 0);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m
        && m.height == height
        && m.width == width
        && Arrays.equals(m.weights, weights);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "Mask[" + height + "x" + width + ", area=" + area() + "]";
  }
}

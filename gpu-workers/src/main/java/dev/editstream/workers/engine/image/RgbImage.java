package dev.editstream.workers.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An immutable RGB image: {@code height × width × 3} floats in [0, 1], row-major, channels last
 * (HWC), the layout of the model's tensors.
 */
public final class RgbImage {
  private final int height;
  private final int width;
  private final float[] pixels;

  private RgbImage(int height, int width, float[] pixels) {
    if (height < 1 || width < 1 || pixels.length != height * width * 3) {
      throw new IllegalArgumentException(
          "image "
              + height
              + "x"
              + width
              + " needs "
              + height * width * 3
              + " values, got "
              + pixels.length);
    }
    this.height = height;
    this.width = width;
    this.pixels = pixels;
  }

  /** An image from HWC floats in [0, 1] (copied). */
  public static RgbImage of(int height, int width, float[] hwc) {
    return new RgbImage(height, width, hwc.clone());
  }

  /** An image from the model's pixel range [-1, 1] (values outside are clamped). */
  public static RgbImage fromModelRange(int height, int width, float[] hwc) {
    float[] out = new float[hwc.length];
    for (int i = 0; i < hwc.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, (hwc[i] + 1f) * 0.5f));
    }
    return new RgbImage(height, width, out);
  }

  /**
   * An image from 8-bit HWC RGB bytes, each value {@code byte / 255}: the inverse of {@link
   * #toRgb8()}, which gives the same bytes back.
   */
  public static RgbImage fromRgb8(int height, int width, byte[] rgb) {
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = (rgb[i] & 0xff) / 255f;
    }
    return new RgbImage(height, width, out);
  }

  /** A single-colour image. */
  public static RgbImage filled(int height, int width, float r, float g, float b) {
    float[] out = new float[height * width * 3];
    for (int i = 0; i < out.length; i += 3) {
      out[i] = r;
      out[i + 1] = g;
      out[i + 2] = b;
    }
    return new RgbImage(height, width, out);
  }

  /** Decodes a PNG (or any format ImageIO reads) to an image. */
  public static RgbImage fromPng(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      if (img == null) {
        throw new IllegalArgumentException("not a readable image");
      }
      float[] out = new float[img.getHeight() * img.getWidth() * 3];
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int rgb = img.getRGB(x, y);
          int o = (y * img.getWidth() + x) * 3;
          out[o] = ((rgb >> 16) & 0xff) / 255f;
          out[o + 1] = ((rgb >> 8) & 0xff) / 255f;
          out[o + 2] = (rgb & 0xff) / 255f;
        }
      }
      return new RgbImage(img.getHeight(), img.getWidth(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** A copy of the HWC floats in [0, 1]. */
  public float[] pixels() {
    return pixels.clone();
  }

  /** The value at (y, x, channel). */
  public float get(int y, int x, int channel) {
    return pixels[(y * width + x) * 3 + channel];
  }

  /** HWC floats in the model's range [-1, 1]. */
  public float[] toModelRange() {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = pixels[i] * 2f - 1f;
    }
    return out;
  }

  /** 8-bit RGB bytes (HWC), rounding to nearest: the canonical bytes for hashing and PNG. */
  public byte[] toRgb8() {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.round(Math.max(0f, Math.min(1f, pixels[i])) * 255f);
    }
    return out;
  }

  /** The image quantised to 8 bits per channel, as a PNG round trip would give. */
  public RgbImage quantised() {
    byte[] q = toRgb8();
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = (q[i] & 0xff) / 255f;
    }
    return new RgbImage(height, width, out);
  }

  /** Encodes as an 8-bit PNG. */
  public byte[] toPng() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    byte[] q = toRgb8();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        img.setRGB(x, y, ((q[o] & 0xff) << 16) | ((q[o + 1] & 0xff) << 8) | (q[o + 2] & 0xff));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.height == height
        && other.width == width
        && Arrays.equals(other.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}

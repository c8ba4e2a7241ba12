package dev.editstream.workers.engine.image;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.keys.ImageHash;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The image a request edits, as 8-bit RGB at its own size, and the two resamplings between that
 * size and the bundle's square resolution. Both are pure Java and fixed by IEEE arithmetic, so the
 * same bytes give the same result in any JVM:
 *
 * <ul>
 *   <li>towards the bundle ({@link #resampled}): an area average, which stretches a non-square
 *       source to the square (nothing is cropped, so every pixel returns to its place); a source
 *       already at the bundle's size is taken as it is, exactly what {@link RgbImage#fromPng} gives
 *       for its PNG;
 *   <li>back to the source ({@link #composite}): bilinear with pixel centres aligned, quantised to
 *       8 bits as {@link RgbImage#toRgb8()} does; where the edit has a region, every pixel outside
 *       it keeps this image's own bytes.
 * </ul>
 *
 * Immutable.
 */
public final class SourceImage {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private final int height;
  private final int width;
  private final byte[] rgb;

  private SourceImage(int height, int width, byte[] rgb) {
    this.height = height;
    this.width = width;
    this.rgb = rgb;
  }

  /**
   * Decodes PNG or JPEG bytes (with ImageIO, as {@link RgbImage#fromPng} does; alpha is dropped).
   *
   * @throws EditException {@link ReasonCode#IMAGE_UNSUPPORTED_FORMAT} for bytes with neither
   *     signature, {@link ReasonCode#IMAGE_UNDECODABLE} for bytes that do not decode
   */
  public static SourceImage decode(byte[] encoded) {
    if (!startsWith(encoded, PNG) && !startsWith(encoded, JPEG)) {
      throw new EditException(
          ReasonCode.IMAGE_UNSUPPORTED_FORMAT,
          "the image's " + encoded.length + " bytes start with neither PNG's nor JPEG's signature");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      throw new EditException(ReasonCode.IMAGE_UNDECODABLE, String.valueOf(e.getMessage()), e);
    }
    if (img == null) {
      throw new EditException(ReasonCode.IMAGE_UNDECODABLE, "no image reader took the bytes");
    }
    int h = img.getHeight();
    int w = img.getWidth();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[h * w * 3];
    for (int p = 0; p < argb.length; p++) {
      rgb[p * 3] = (byte) (argb[p] >> 16);
      rgb[p * 3 + 1] = (byte) (argb[p] >> 8);
      rgb[p * 3 + 2] = (byte) argb[p];
    }
    return new SourceImage(h, w, rgb);
  }

  /** An image's 8-bit quantisation ({@link RgbImage#toRgb8()}) as a source. */
  public static SourceImage of(RgbImage image) {
    return new SourceImage(image.height(), image.width(), image.toRgb8());
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** The 8-bit HWC RGB bytes (a copy). */
  public byte[] rgb8() {
    return rgb.clone();
  }

  /**
   * The contract's hash of these pixels ({@link ImageHash}): what captions and inversions of this
   * source are keyed by, as the stream processors compute it from the encoded bytes.
   */
  public String imageHash() {
    return ImageHash.of(height, width, rgb);
  }

  /** The image at its own size. */
  public RgbImage image() {
    return RgbImage.fromRgb8(height, width, rgb);
  }

  /**
   * The image at {@code size × size}: itself when it has that size, else the area average.
   *
   * @param size the bundle's resolution
   */
  public RgbImage resampled(int size) {
    if (height == size && width == size) {
      return image();
    }
    return RgbImage.of(size, size, Resampling.areaAverage(rgb, height, width, size, size));
  }

  /**
   * An edit brought back to this image's size as 8-bit values: the edit resampled bilinearly (or
   * taken as it is when it has this size), then, where a region is given, blended with this image
   * by the region's weight (resized to this size, nearest): weight 0 keeps this image's own byte,
   * weight 1 takes the edit's, byte for byte.
   *
   * @param edit the edit at the bundle's resolution
   * @param region the pixels the edit may change, at any size; empty: all of them
   */
  public RgbImage composite(RgbImage edit, Optional<Mask> region) {
    byte[] out = atThisSize(edit);
    if (region.isPresent()) {
      Mask m = region.get().resized(height, width);
      for (int p = 0; p < height * width; p++) {
        blend(out, p, m.get(p / width, p % width));
      }
    }
    return RgbImage.fromRgb8(height, width, out);
  }

  private byte[] atThisSize(RgbImage edit) {
    if (edit.height() == height && edit.width() == width) {
      return edit.toRgb8();
    }
    float[] up = Resampling.bilinear(edit.pixels(), edit.height(), edit.width(), height, width);
    return RgbImage.of(height, width, up).toRgb8();
  }

  private void blend(byte[] out, int p, float weight) {
    for (int c = p * 3; c < p * 3 + 3; c++) {
      if (weight == 0f) {
        out[c] = rgb[c];
      } else if (weight < 1f) {
        float s = rgb[c] & 0xff;
        out[c] = (byte) Math.round(s + weight * ((out[c] & 0xff) - s));
      }
    }
  }

  @Override
  public String toString() {
    return "SourceImage[" + height + "x" + width + "]";
  }
}

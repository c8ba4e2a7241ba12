package dev.editstream.schemas.keys;

import dev.editstream.schemas.blob.Sha256;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The hash of an image's canonical pixels: SHA-256 (hex) over the ASCII tag {@code
 * editstream-image/1}, the height and width (big-endian 32-bit) and the 8-bit RGB bytes row by row
 * (alpha dropped). Two files that decode to the same pixels (a PNG re-compressed, a PNG with or
 * without metadata) have one hash; the captions table and every inversion key use it, so a
 * re-encoded upload still hits the cache. Decoding is ImageIO's, as the engine's.
 */
public final class ImageHash {
  private static final byte[] TAG = "editstream-image/1".getBytes(StandardCharsets.US_ASCII);

  private ImageHash() {}

  /**
   * The hash of decoded pixels.
   *
   * @param height rows
   * @param width columns
   * @param rgb8 {@code height·width·3} bytes, row-major, R then G then B
   * @return 64 lower-case hex digits
   */
  public static String of(int height, int width, byte[] rgb8) {
    if (height < 1 || width < 1 || rgb8.length != height * width * 3) {
      throw new IllegalArgumentException(
          "an image of "
              + height
              + "x"
              + width
              + " has "
              + height * width * 3
              + " RGB bytes, not "
              + rgb8.length);
    }
    ByteBuffer b = ByteBuffer.allocate(TAG.length + 8 + rgb8.length);
    b.put(TAG).putInt(height).putInt(width).put(rgb8);
    return Sha256.hex(b.array());
  }

  /**
   * The hash of an encoded image (PNG, JPEG: whatever ImageIO reads).
   *
   * @return the hash, or empty when the bytes do not decode
   */
  public static Optional<String> ofEncoded(byte[] encoded) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (img == null) {
      return Optional.empty();
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
    return Optional.of(of(h, w, rgb));
  }
}

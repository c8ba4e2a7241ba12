package dev.editstream.workers.executor;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.Point;
import dev.editstream.workers.engine.image.Mask;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Rasterises a request's mask (box, polygon or mask image, in source pixels) at the source's size:
 * a pixel is inside when its centre is. Masks given as words are not rasters; they come from the
 * inversion ({@code WORD_MASK} plans).
 */
public final class RequestMasks {
  private RequestMasks() {}

  /**
   * The mask at {@code height x width}, or empty when the request has none (or words).
   *
   * @param mask the request's mask union member, or null
   * @param bytes reads a mask image's bytes (inline or from the blob store)
   * @throws EditException EDIT_MASK_MISMATCH when a mask image cannot be decoded or has another
   *     size
   */
  public static Optional<Mask> rasterise(
      Object mask, int height, int width, Function<Object, byte[]> bytes) {
    if (mask instanceof MaskBox box) {
      return Optional.of(box(box, height, width));
    }
    if (mask instanceof MaskPolygon polygon) {
      return Optional.of(polygon(polygon.getPoints(), height, width));
    }
    if (mask instanceof MaskImage image) {
      return Optional.of(image(bytes.apply(image.getImage()), height, width));
    }
    return Optional.empty();
  }

  static Mask box(MaskBox b, int height, int width) {
    boolean[] in = new boolean[height * width];
    for (int y = Math.max(0, b.getY()); y < Math.min(height, b.getY() + b.getH()); y++) {
      for (int x = Math.max(0, b.getX()); x < Math.min(width, b.getX() + b.getW()); x++) {
        in[y * width + x] = true;
      }
    }
    return Mask.of(height, width, in);
  }

  /** Even-odd rule at pixel centres. */
  static Mask polygon(List<Point> points, int height, int width) {
    boolean[] in = new boolean[height * width];
    int n = points.size();
    for (int y = 0; y < height; y++) {
      double cy = y + 0.5;
      for (int x = 0; x < width; x++) {
        double cx = x + 0.5;
        boolean inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++) {
          Point a = points.get(i);
          Point b = points.get(j);
          if ((a.getY() > cy) != (b.getY() > cy)
              && cx
                  < (double) (b.getX() - a.getX()) * (cy - a.getY()) / (b.getY() - a.getY())
                      + a.getX()) {
            inside = !inside;
          }
        }
        in[y * width + x] = inside;
      }
    }
    return Mask.of(height, width, in);
  }

  /** Non-zero (any channel) is inside. */
  static Mask image(byte[] encoded, int height, int width) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      img = null;
    }
    if (img == null) {
      throw new EditException(ReasonCode.EDIT_MASK_MISMATCH, "the mask image cannot be decoded");
    }
    if (img.getHeight() != height || img.getWidth() != width) {
      throw new EditException(
          ReasonCode.EDIT_MASK_MISMATCH,
          "mask image is "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + ", source "
              + width
              + "x"
              + height);
    }
    boolean[] in = new boolean[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        in[y * width + x] = (img.getRGB(x, y) & 0xffffff) != 0;
      }
    }
    return Mask.of(height, width, in);
  }
}

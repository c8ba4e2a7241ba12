package dev.editstream.deploy.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/**
 * Small images of the bundled model's world, drawn on the spot: a coloured shape on a coloured
 * background, as PNG or JPEG. Also the hostile bytes the demo and tests send on purpose.
 */
public final class SampleImages {

  /** Side of the sample images in pixels: the bundled shapes32 model's size. */
  public static final int SIZE = 32;

  private SampleImages() {}

  /** A PNG of a shape ("circle" or "square") of one colour on a background of another. */
  public static byte[] png(String shape, Color shapeColour, Color background) {
    return encode(draw(shape, shapeColour, background), "png");
  }

  /** The same as a JPEG. */
  public static byte[] jpeg(String shape, Color shapeColour, Color background) {
    return encode(draw(shape, shapeColour, background), "jpg");
  }

  /**
   * A PNG that is only a header declaring {@code width x height} pixels: what a decompression bomb
   * looks like before its pixel data is inflated.
   */
  public static byte[] pngBombHeader(int width, int height) {
    ByteBuffer out = ByteBuffer.allocate(8 + 25);
    out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height);
    out.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
    return out.array();
  }

  private static BufferedImage draw(String shape, Color shapeColour, Color background) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(background);
    g.fillRect(0, 0, SIZE, SIZE);
    g.setColor(shapeColour);
    int margin = SIZE / 4;
    if (shape.equals("square")) {
      g.fillRect(margin, margin, SIZE / 2, SIZE / 2);
    } else {
      g.fillOval(margin, margin, SIZE / 2, SIZE / 2);
    }
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package dev.editstream.deploy.demo;

import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
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

  /**
   * A PNG of a scene of the bundled world, rendered at 32x32 and enlarged to {@code width x height}
   * by repeating pixels (nearest neighbour), so every size shows the same scene.
   */
  public static byte[] scene(Scene scene, int width, int height) {
    float[] hwc = Renderer.render(scene);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = ((y * Renderer.SIZE / height) * Renderer.SIZE + x * Renderer.SIZE / width) * 3;
        image.setRGB(x, y, (byte8(hwc[p]) << 16) | (byte8(hwc[p + 1]) << 8) | byte8(hwc[p + 2]));
      }
    }
    return encode(image, "png");
  }

  private static int byte8(float modelRange) {
    return Math.round(Math.max(0f, Math.min(1f, (modelRange + 1f) / 2f)) * 255f);
  }

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

package dev.editstream.processors;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small PNGs of the bundled world (a circle on a background) for the processors' tests. */
public final class Pictures {

  private Pictures() {}

  /** A 32×32 PNG of a circle of {@code fill} on blue, {@code inset} pixels from the border. */
  public static byte[] circle(Color fill, int inset) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, 32, 32);
    g.setColor(fill);
    g.fillOval(inset, inset, 32 - 2 * inset, 32 - 2 * inset);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

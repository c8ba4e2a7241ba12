package dev.editstream.models.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** PNG output of the evaluation: sample grids and loss curves. */
final class Pictures {
  private Pictures() {}

  /** Writes images (each 32*32*3 in [-1, 1]) as a grid, {@code columns} wide, scaled up. */
  static void grid(List<float[]> images, int columns, int scale, Path file) throws IOException {
    int side = 32 * scale;
    int gap = 2;
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage out =
        new BufferedImage(
            columns * (side + gap) + gap, rows * (side + gap) + gap, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.dispose();
    for (int i = 0; i < images.size(); i++) {
      int ox = gap + (i % columns) * (side + gap);
      int oy = gap + (i / columns) * (side + gap);
      float[] img = images.get(i);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int p = ((y / scale) * 32 + x / scale) * 3;
          out.setRGB(ox + x, oy + y, rgb(img[p], img[p + 1], img[p + 2]));
        }
      }
    }
    write(out, file);
  }

  private static int rgb(float r, float g, float b) {
    return (channel(r) << 16) | (channel(g) << 8) | channel(b);
  }

  private static int channel(float v) {
    return Math.max(0, Math.min(255, Math.round((v + 1) / 2 * 255)));
  }

  /** Plots a loss curve (log-scale y) of (step, loss) points. */
  static void curve(String title, double[] steps, double[] losses, Path file) throws IOException {
    int w = 640;
    int h = 320;
    int m = 40;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(m, m / 2, w - m - 10, h - m - m / 2);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double l : losses) {
      lo = Math.min(lo, Math.log10(l));
      hi = Math.max(hi, Math.log10(l));
    }
    double maxStep = steps.length == 0 ? 1 : steps[steps.length - 1];
    g.setColor(Color.BLACK);
    g.drawString(
        String.format(
            java.util.Locale.ROOT,
            "%s (log10 loss %.2f .. %.2f, steps 0 .. %.0f)",
            title,
            hi,
            lo,
            maxStep),
        m,
        14);
    g.setColor(new Color(30, 70, 200));
    g.setStroke(new BasicStroke(1.5f));
    int px = -1;
    int py = -1;
    for (int i = 0; i < steps.length; i++) {
      int x = m + (int) ((w - m - 10) * steps[i] / maxStep);
      double f = hi == lo ? 0.5 : (hi - Math.log10(losses[i])) / (hi - lo);
      int y = m / 2 + (int) ((h - m - m / 2) * f);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
    g.dispose();
    write(out, file);
  }

  private static void write(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(img, "png", file.toFile());
  }
}

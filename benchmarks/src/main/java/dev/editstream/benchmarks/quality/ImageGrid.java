package dev.editstream.benchmarks.quality;

import dev.editstream.workers.engine.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The report's image grid: one row per case (source, ground truth, each method), scaled up. */
final class ImageGrid {
  private static final int SCALE = 3;
  private static final int PAD = 4;
  private static final int HEADER = 40;

  private ImageGrid() {}

  static void write(List<QualityBenchmark.GridRow> rows, Path file) throws IOException {
    List<String> headers = new ArrayList<>(List.of("source", "ground truth"));
    for (Method m : Method.values()) {
      headers.add(m.label());
    }
    int cell = 32 * SCALE;
    int cols = headers.size();
    int width = PAD + cols * (cell + PAD);
    int rowHeight = cell + PAD + 14;
    int height = HEADER + rows.size() * rowHeight + PAD;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int c = 0; c < cols; c++) {
      drawWrapped(g, headers.get(c), PAD + c * (cell + PAD), 12, cell);
    }
    for (int r = 0; r < rows.size(); r++) {
      QualityBenchmark.GridRow row = rows.get(r);
      int y = HEADER + r * rowHeight;
      List<RgbImage> images =
          new ArrayList<>(List.of(row.edit().sourceImage(), row.edit().truthImage()));
      for (Method m : Method.values()) {
        images.add(row.images().get(m));
      }
      for (int c = 0; c < images.size(); c++) {
        draw(out, images.get(c), PAD + c * (cell + PAD), y);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(row.edit().kind() + ": " + row.edit().targetPrompt(), PAD, y + cell + 12);
    }
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(out, "png", file.toFile());
  }

  private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
    StringBuilder line = new StringBuilder();
    int lineY = y;
    for (String word : text.split(" ")) {
      String next = line.length() == 0 ? word : line + " " + word;
      if (g.getFontMetrics().stringWidth(next) > width && line.length() > 0) {
        g.drawString(line.toString(), x, lineY);
        lineY += 12;
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(next);
      }
    }
    g.drawString(line.toString(), x, lineY);
  }

  private static void draw(BufferedImage out, RgbImage img, int x0, int y0) {
    byte[] rgb = img.toRgb8();
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int o = (y * img.width() + x) * 3;
        int v = ((rgb[o] & 0xff) << 16) | ((rgb[o + 1] & 0xff) << 8) | (rgb[o + 2] & 0xff);
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            out.setRGB(x0 + x * SCALE + dx, y0 + y * SCALE + dy, v);
          }
        }
      }
    }
  }
}

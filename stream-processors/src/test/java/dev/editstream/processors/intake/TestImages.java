package dev.editstream.processors.intake;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images for the intake tests: real encodings and hand-made hostile ones. */
final class TestImages {

  private TestImages() {}

  static byte[] png(int width, int height) {
    return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "png");
  }

  static byte[] jpeg(int width, int height) {
    return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
  }

  /** A PNG whose IHDR declares the given size but whose data is a few bytes: a bomb's header. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteBuffer out = ByteBuffer.allocate(8 + 12 + 13 + 12);
    out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return Arrays.copyOf(out.array(), out.position());
  }

  /** A real PNG cut short inside its pixel data. */
  static byte[] truncatedPng(int width, int height) {
    byte[] full = png(width, height);
    return Arrays.copyOf(full, 8 + 25 + 20);
  }

  private static void chunk(ByteBuffer out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
  }

  private static BufferedImage picture(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.RED);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

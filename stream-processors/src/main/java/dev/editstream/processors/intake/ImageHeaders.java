package dev.editstream.processors.intake;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Reads an image's declared dimensions from its header: PNG's IHDR chunk, JPEG's SOFn segment.
 *
 * <p>This runs before any decoder sees the bytes, so a "decompression bomb" (a small file that
 * declares a huge canvas) is refused without allocating its pixels.
 */
final class ImageHeaders {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int PNG_IHDR = 0x49484452; // "IHDR"
  private static final int JPEG_SOI = 0xFFD8;
  private static final int JPEG_SOS = 0xDA;
  private static final int JPEG_EOI = 0xD9;

  private ImageHeaders() {}

  static ImageHeader read(byte[] bytes) throws ImageHeaderException {
    if (startsWith(bytes, PNG_SIGNATURE)) {
      return png(ByteBuffer.wrap(bytes));
    }
    if (bytes.length >= 2 && ((bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF)) == JPEG_SOI) {
      return jpeg(ByteBuffer.wrap(bytes));
    }
    throw ImageHeaderException.unsupported(
        "its first bytes are neither a PNG nor a JPEG signature");
  }

  private static ImageHeader png(ByteBuffer in) throws ImageHeaderException {
    try {
      in.position(PNG_SIGNATURE.length);
      int length = in.getInt();
      int type = in.getInt();
      if (type != PNG_IHDR || length != 13) {
        throw ImageHeaderException.malformed("PNG does not start with a 13-byte IHDR chunk");
      }
      return dimensions(ImageHeader.Format.PNG, in.getInt(), in.getInt());
    } catch (BufferUnderflowException e) {
      throw ImageHeaderException.malformed("PNG header is truncated");
    }
  }

  private static ImageHeader jpeg(ByteBuffer in) throws ImageHeaderException {
    try {
      in.position(2);
      while (true) {
        int marker = nextMarker(in);
        if (isStartOfFrame(marker)) {
          in.getShort(); // segment length
          in.get(); // sample precision
          int height = in.getShort() & 0xFFFF;
          int width = in.getShort() & 0xFFFF;
          return dimensions(ImageHeader.Format.JPEG, width, height);
        }
        if (marker == JPEG_SOS || marker == JPEG_EOI) {
          throw ImageHeaderException.malformed("JPEG has no frame header before its scan data");
        }
        if (!isStandalone(marker)) {
          int length = in.getShort() & 0xFFFF;
          if (length < 2) {
            throw ImageHeaderException.malformed("JPEG segment length " + length);
          }
          in.position(in.position() + length - 2);
        }
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw ImageHeaderException.malformed("JPEG header is truncated");
    }
  }

  /** Skips to the next marker byte, allowing the fill bytes (0xFF runs) JPEG permits. */
  private static int nextMarker(ByteBuffer in) throws ImageHeaderException {
    if ((in.get() & 0xFF) != 0xFF) {
      throw ImageHeaderException.malformed("JPEG segment does not start with a marker");
    }
    int marker;
    do {
      marker = in.get() & 0xFF;
    } while (marker == 0xFF);
    return marker;
  }

  /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** TEM and RST0-RST7 carry no length. */
  private static boolean isStandalone(int marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
  }

  private static ImageHeader dimensions(ImageHeader.Format format, int width, int height)
      throws ImageHeaderException {
    if (width <= 0 || height <= 0) {
      throw ImageHeaderException.malformed(
          format
              + " header declares "
              + Integer.toUnsignedString(width)
              + "x"
              + Integer.toUnsignedString(height));
    }
    return new ImageHeader(format, width, height);
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
}

package dev.editstream.processors.intake;

import dev.editstream.schemas.ReasonCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks one image against the limits: bytes, then the header's declared dimensions, and only then
 * a full decode. The order matters: a decompression bomb must never reach the decoder.
 */
final class ImageCheck {

  static {
    // Decode in memory: no temporary files for images clients sent us.
    ImageIO.setUseCache(false);
  }

  /** The name of the request's source image in messages. */
  static final String SOURCE = "image";

  /** The name of a mask image in messages. */
  static final String MASK = "mask image";

  private final IntakeLimits limits;

  ImageCheck(IntakeLimits limits) {
    this.limits = limits;
  }

  /**
   * Checks the bytes and returns the image's header.
   *
   * @param bytes the encoded image
   * @param what names the image in messages ("image", "mask image")
   */
  ImageHeader check(byte[] bytes, String what) throws RejectedException {
    if (bytes.length == 0) {
      throw new RejectedException(ReasonCode.MISSING_FIELD, what + " has no bytes");
    }
    if (bytes.length > limits.maxImageBytes()) {
      throw new RejectedException(
          ReasonCode.IMAGE_TOO_LARGE,
          what + " has " + bytes.length + " bytes, limit " + limits.maxImageBytes());
    }
    ImageHeader header = header(bytes, what);
    if (header.width() > limits.maxImageSide()
        || header.height() > limits.maxImageSide()
        || header.pixels() > limits.maxImagePixels()) {
      throw new RejectedException(
          ReasonCode.IMAGE_TOO_MANY_PIXELS,
          String.format(
              Locale.ROOT,
              "%s declares %dx%d (%d pixels), limits %d pixels and %d per side",
              what,
              header.width(),
              header.height(),
              header.pixels(),
              limits.maxImagePixels(),
              limits.maxImageSide()));
    }
    decode(bytes, header, what);
    return header;
  }

  private static ImageHeader header(byte[] bytes, String what) throws RejectedException {
    try {
      return ImageHeaders.read(bytes);
    } catch (ImageHeaderException e) {
      ReasonCode reason =
          e.unsupportedFormat()
              ? ReasonCode.IMAGE_UNSUPPORTED_FORMAT
              : ReasonCode.IMAGE_UNDECODABLE;
      throw new RejectedException(reason, label(what) + e.getMessage());
    }
  }

  /** Names the image in a detail, except the source image, which the reason already names. */
  private static String label(String what) {
    return what.equals(SOURCE) ? "" : what + ": ";
  }

  private static void decode(byte[] bytes, ImageHeader header, String what)
      throws RejectedException {
    String format = header.format().name().toLowerCase(Locale.ROOT);
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO reader for " + format);
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      if (image.getWidth() != header.width() || image.getHeight() != header.height()) {
        throw new RejectedException(
            ReasonCode.IMAGE_UNDECODABLE,
            what
                + " decodes to "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + " but its header declares "
                + header.width()
                + "x"
                + header.height());
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data as IIOException or as assorted runtime exceptions.
      throw new RejectedException(
          ReasonCode.IMAGE_UNDECODABLE,
          what + " is not a decodable " + header.format() + " (" + e.getMessage() + ")");
    } finally {
      reader.dispose();
    }
  }
}

package dev.editstream.processors.intake;

/** An image header is missing, truncated, malformed, or of a format other than PNG and JPEG. */
final class ImageHeaderException extends Exception {

  private final boolean unsupportedFormat;

  private ImageHeaderException(String message, boolean unsupportedFormat) {
    super(message, null, false, false);
    this.unsupportedFormat = unsupportedFormat;
  }

  static ImageHeaderException unsupported(String message) {
    return new ImageHeaderException(message, true);
  }

  static ImageHeaderException malformed(String message) {
    return new ImageHeaderException(message, false);
  }

  /** True when the bytes are not PNG or JPEG at all; false when they are, but broken. */
  boolean unsupportedFormat() {
    return unsupportedFormat;
  }
}

package dev.editstream.processors.intake;

/**
 * What an image's header declares, read without decoding any pixel data.
 *
 * @param format the container format
 * @param width width in pixels
 * @param height height in pixels
 */
record ImageHeader(Format format, int width, int height) {

  /** The formats intake accepts. */
  enum Format {
    PNG,
    JPEG
  }

  /** Returns width times height without overflow. */
  long pixels() {
    return (long) width * height;
  }
}

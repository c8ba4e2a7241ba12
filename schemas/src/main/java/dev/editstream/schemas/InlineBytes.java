package dev.editstream.schemas;

import java.nio.ByteBuffer;

/**
 * The bytes of an Avro {@code bytes} field (an inline image or mask), read without moving the
 * buffer's position, so a record can be read again.
 */
public final class InlineBytes {
  private InlineBytes() {}

  /** A copy of the buffer's remaining bytes; the buffer is left as it was. */
  public static byte[] of(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}

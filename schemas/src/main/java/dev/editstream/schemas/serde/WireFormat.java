package dev.editstream.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * int, then the Avro binary encoding.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id of a framed payload, after checking its length and magic byte. */
  static int schemaId(String topic, byte[] data) {
    if (data.length < HEADER_SIZE) {
      throw new SerializationException(
          "Record on topic "
              + topic
              + " is too short for the Confluent wire format: "
              + data.length
              + " bytes, need at least "
              + HEADER_SIZE);
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException(
          "Unknown magic byte "
              + data[0]
              + " on topic "
              + topic
              + ": not Confluent wire format (expected "
              + MAGIC_BYTE
              + ")");
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }

  /** Writes the header for a schema id. */
  static void writeHeader(int schemaId, java.io.ByteArrayOutputStream out) {
    out.write(MAGIC_BYTE);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array(), 0, 4);
  }
}

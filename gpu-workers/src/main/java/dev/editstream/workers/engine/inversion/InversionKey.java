package dev.editstream.workers.engine.inversion;

import dev.editstream.schemas.blob.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The content key of an inversion: SHA-256 (hex) over the format version, the image's SHA-256, the
 * bundle's SHA-256, the scheduler configuration, the step count, the source prompt's tokens, the
 * method, the guidance and (for null-text) the optimiser settings. Equal keys mean equal
 * inversions, so the key is what caches and compacted topics are keyed by.
 *
 * @param hex the 64 hex digits
 */
public record InversionKey(String hex) {

  /** Validates the digits. */
  public InversionKey {
    if (!Sha256.isHex(hex)) {
      throw new IllegalArgumentException("an inversion key is 64 lower-case hex digits: " + hex);
    }
  }

  /** Computes the key. */
  public static InversionKey of(String imageSha256, String bundleSha256, InversionParameters p) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("editstream-inversion");
      out.writeInt(InversionCodec.FORMAT_VERSION);
      out.writeUTF(imageSha256.toLowerCase(java.util.Locale.ROOT));
      out.writeUTF(bundleSha256.toLowerCase(java.util.Locale.ROOT));
      out.writeUTF(p.schedule().canonical());
      out.writeInt(p.steps());
      int[] tokens = p.sourceTokens();
      out.writeInt(tokens.length);
      for (int t : tokens) {
        out.writeInt(t);
      }
      out.writeUTF(p.method().name());
      out.writeLong(Double.doubleToLongBits(p.guidance().scale()));
      out.writeUTF(p.method() == InversionMethod.NULL_TEXT ? p.nullText().canonical() : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InversionKey(Sha256.hex(bytes.toByteArray()));
  }

  @Override
  public String toString() {
    return hex;
  }
}

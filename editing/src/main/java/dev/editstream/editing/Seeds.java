package dev.editstream.editing;

import dev.editstream.schemas.blob.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Seeds derived from request ids: a request without a seed gets the first 8 bytes of the SHA-256 of
 * its id, so a resubmission, a replay and any worker give the same noise and the same bytes.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed of a request: its own when given, otherwise derived from its id. */
  public static long forRequest(String requestId, Long requested) {
    if (requested != null) {
      return requested;
    }
    String hex = Sha256.hex(requestId.getBytes(StandardCharsets.UTF_8));
    return Long.parseUnsignedLong(hex.substring(0, 16), 16);
  }
}

package dev.editstream.schemas.registry;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments (subjects may hold characters a path cannot). */
final class RegistryPaths {

  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private RegistryPaths() {}

  /** Encodes one path segment per RFC 3986. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (UNRESERVED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}

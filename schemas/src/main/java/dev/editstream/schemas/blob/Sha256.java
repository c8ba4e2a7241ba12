package dev.editstream.schemas.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as the lower-case hex strings that blob references and record keys carry. */
public final class Sha256 {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  /** The lower-case hex SHA-256 of some bytes. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** Whether a string is a well-formed lower-case hex SHA-256. */
  public static boolean isHex(String value) {
    return value != null && HEX.matcher(value).matches();
  }
}

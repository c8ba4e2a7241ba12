package dev.editstream.producers.enrich;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request ids derived from what a row asks: the image's bytes and every field of the edit. The same
 * row gives the same id on every run, so a re-run recognises its finished work, and intake, which
 * forgets no id within its retention, takes a re-submitted request once.
 */
final class RequestIds {

  /** Bumped when the derivation changes, so new ids never collide with old ones. */
  private static final String VERSION = "enrich-v1";

  private RequestIds() {}

  static String derive(byte[] image, EnrichItem item, String bundle, String bundleVersion) {
    MessageDigest sha = sha256();
    StringBuilder text = new StringBuilder(VERSION).append('\n');
    text.append(HexFormat.of().formatHex(sha.digest(image))).append('\n');
    field(text, "bundle", bundle);
    field(text, "bundleVersion", bundleVersion);
    field(text, "caption", item.caption());
    field(text, "edit", item.edit());
    field(text, "prompt", item.prompt());
    field(text, "mask", item.mask());
    field(text, "strength", item.strength());
    field(text, "seed", item.seed());
    Map<String, Float> weights = item.reweight() == null ? null : new TreeMap<>(item.reweight());
    field(text, "reweight", weights);
    byte[] digest = sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8));
    return "enrich-" + HexFormat.of().formatHex(digest).substring(0, 24);
  }

  private static void field(StringBuilder text, String name, Object value) {
    // length-prefixed, so no value can pass for another field
    String v = value == null ? "" : value.toString();
    text.append(name).append('=').append(v.length()).append(':').append(v).append('\n');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

package dev.editstream.workers.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The CPU a worker computes on, for the fingerprint: TensorFlow's CPU kernels pick code paths by
 * instruction set, and batched calls were measured to give other bits on an AVX-512 Xeon than on an
 * AVX2 EPYC. The model name and a short hash of the flags; "CPU" alone where /proc is absent.
 */
final class CpuModel {

  private CpuModel() {}

  static String describe() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
      String name = value(lines, "model name");
      String flags = value(lines, "flags");
      if (name.isEmpty()) {
        return "CPU";
      }
      return "CPU " + name + " (flags " + shortHash(flags) + ")";
    } catch (IOException | RuntimeException e) {
      return "CPU";
    }
  }

  private static String value(List<String> lines, String key) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
        return line.substring(colon + 1).strip();
      }
    }
    return "";
  }

  private static String shortHash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.editstream.benchmarks.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a benchmark ran on: CPU model, cores, memory, Java, OS. */
public final class Machine {

  private Machine() {}

  /** The line. */
  public static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // not Linux: the rest still says what it is
    }
    Runtime rt = Runtime.getRuntime();
    return String.format(
        "%s, %d cores, %d MiB max heap, Java %s, %s %s, no GPU",
        cpu,
        rt.availableProcessors(),
        rt.maxMemory() / (1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }
}

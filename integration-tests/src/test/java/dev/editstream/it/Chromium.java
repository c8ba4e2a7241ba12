package dev.editstream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}, or {@code $EDITSTREAM_CHROMIUM}), for the
 * report test: the page's DOM after its scripts ran, and a screenshot. {@code .ci/run} installs the
 * package when it is missing; without it the test fails and says how to install it.
 */
final class Chromium {

  private Chromium() {}

  static String dumpDom(Path page) throws Exception {
    return run(List.of("--dump-dom", page.toUri().toString()), Duration.ofSeconds(60));
  }

  static void screenshot(Path page, Path png) throws Exception {
    run(
        List.of(
            "--screenshot=" + png,
            "--window-size=1400,1800",
            "--hide-scrollbars",
            page.toUri().toString()),
        Duration.ofSeconds(60));
  }

  private static String run(List<String> args, Duration timeout) throws Exception {
    String binary = System.getenv().getOrDefault("EDITSTREAM_CHROMIUM", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException(
          "no Chromium at "
              + binary
              + ": install Debian's package (apt-get install chromium; .ci/run does) or set"
              + " EDITSTREAM_CHROMIUM");
    }
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--allow-file-access-from-files",
            // let the page's load handler run before the DOM is dumped or the picture taken
            "--virtual-time-budget=5000"));
    command.addAll(args);
    Path log = Files.createTempFile("chromium", ".log");
    Path stdout = Files.createTempFile("chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectOutput(stdout.toFile())
            .start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("Chromium did not finish in " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IOException("Chromium exited with " + p.exitValue() + ": " + Files.readString(log));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}

package dev.editstream.workers.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.tensorflow.TensorFlow;

/**
 * What built and runs this worker, for a result's reproducibility: the same request, bundle, seed
 * and fingerprint give the same bytes. Recorded with every finished edit on {@code edit-audit}.
 */
public final class BuildFingerprint {

  private static final String CURRENT = describe();

  private BuildFingerprint() {}

  /** This process's fingerprint, e.g. {@code editstream 0.1.0; TensorFlow 2.18.0; Java 17...}. */
  public static String current() {
    return CURRENT;
  }

  private static String describe() {
    return "editstream "
        + version()
        + "; TensorFlow "
        + TensorFlow.version()
        + "; Java "
        + System.getProperty("java.vm.version")
        + "; "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + "; "
        + Runtime.getRuntime().availableProcessors()
        + " cores; "
        + CpuModel.describe();
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = BuildFingerprint.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}

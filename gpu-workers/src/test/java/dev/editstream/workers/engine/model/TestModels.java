package dev.editstream.workers.engine.model;

import dev.editstream.models.BundleOptions;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.train.BundleExport;
import dev.editstream.models.train.EncoderTraining;
import dev.editstream.models.train.TrainConfig;
import dev.editstream.models.train.UnetTraining;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model bundle engine tests run against, loaded once per test JVM: the directory in system
 * property {@code editstream.test.bundle}, else the committed {@code models/bundles/shapes32}, else
 * a tiny bundle trained for a few seconds with the models module's training code and cached in
 * {@code target/test-bundle-tiny}. The tiny one is barely trained: tests on it check mechanics and
 * relations (better / worse / unchanged), not quality.
 */
public final class TestModels {
  private static DiffusionModel model;

  private TestModels() {}

  /** Where the test bundle is, if anywhere. */
  static Optional<Path> location() {
    String prop = System.getProperty("editstream.test.bundle", "");
    if (!prop.isBlank()) {
      return Optional.of(Path.of(prop));
    }
    for (Path p :
        new Path[] {Path.of("../models/bundles/shapes32"), Path.of("models/bundles/shapes32")}) {
      if (Files.isRegularFile(p.resolve("bundle.json"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Trains and exports the tiny bundle once per build directory. */
  static Path tiny() {
    Path dir = Path.of("target/test-bundle-tiny");
    Path bundle = dir.resolve("bundle");
    if (Files.isRegularFile(bundle.resolve("bundle.json"))) {
      return bundle;
    }
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try {
      Path work = dir.resolve("work");
      EncoderTraining.run(
          new TrainConfig(work, 1, "tiny", 30, 32, 1e-3f, 5, 3600, 10, 2, 0), quiet);
      UnetTraining.run(new TrainConfig(work, 1, "tiny", 60, 16, 1e-3f, 5, 3600, 10, 2, 0), quiet);
      BundleExport.run(work, bundle, "tiny", "0.0.1", quiet);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bundle;
  }

  /** The directory of the bundle the tests run against (training the tiny one if needed). */
  public static Path directory() {
    return location().orElseGet(TestModels::tiny);
  }

  /** The shared model. */
  public static synchronized DiffusionModel model() {
    if (model == null) {
      ModelBundle bundle = ModelBundle.load(directory(), new BundleOptions(2, 1));
      model = new DiffusionModel(bundle);
    }
    return model;
  }
}

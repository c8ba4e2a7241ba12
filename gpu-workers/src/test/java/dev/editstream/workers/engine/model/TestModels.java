package dev.editstream.workers.engine.model;

import dev.editstream.models.BundleOptions;
import dev.editstream.models.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The model bundle engine tests run against, loaded once per test JVM: the directory in system
 * property {@code editstream.test.bundle} (e.g. a tiny bundle for fast runs), else the committed
 * {@code models/bundles/shapes32}. Tests that need a model are skipped (with the reason) when
 * neither exists.
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

  /** The shared model; skips the calling test when no bundle is available. */
  public static synchronized DiffusionModel model() {
    if (model == null) {
      Optional<Path> dir = location();
      Assumptions.assumeTrue(
          dir.isPresent(),
          "no model bundle: set -Deditstream.test.bundle=DIR or commit models/bundles/shapes32");
      ModelBundle bundle = ModelBundle.load(dir.get(), new BundleOptions(2, 1));
      model = new DiffusionModel(bundle);
    }
    return model;
  }
}

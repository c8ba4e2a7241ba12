package dev.editstream.models.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A phase's progress, written atomically after each checkpoint: the step reached, the checkpoint
 * holding it, and the settings it was started with (a resume must use the same ones).
 *
 * @param phase "encoders" or "unet"
 * @param step steps completed
 * @param checkpoint checkpoint prefix holding the variables at {@code step}
 * @param seconds training seconds so far, over all runs
 * @param seed the seed
 * @param modelSize the model size
 * @param batch the batch size
 * @param totalSteps the phase's total steps
 * @param finished whether the phase completed
 */
record TrainState(
    String phase,
    long step,
    String checkpoint,
    double seconds,
    long seed,
    String modelSize,
    int batch,
    long totalSteps,
    boolean finished) {
  static final String FILE = "state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static TrainState read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    return Files.exists(f) ? JSON.readValue(f.toFile(), TrainState.class) : null;
  }

  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Checks a resume uses the settings the phase started with. */
  void checkCompatible(TrainConfig c) {
    if (seed != c.seed() || !modelSize.equals(c.modelSize()) || batch != c.batch()) {
      throw new IllegalStateException(
          "work dir holds a "
              + phase
              + " run with seed="
              + seed
              + " size="
              + modelSize
              + " batch="
              + batch
              + "; this run asks for seed="
              + c.seed()
              + " size="
              + c.modelSize()
              + " batch="
              + c.batch());
    }
  }
}

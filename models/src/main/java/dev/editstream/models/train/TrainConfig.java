package dev.editstream.models.train;

import java.nio.file.Path;

/**
 * Settings of one training phase, validated on construction.
 *
 * @param workDir where checkpoints, state and logs live (one sub-directory per phase)
 * @param seed data and initialisation seed
 * @param modelSize "standard" or "tiny"
 * @param steps total optimisation steps of the phase
 * @param batch batch size
 * @param learningRate peak learning rate
 * @param warmup warmup steps
 * @param checkpointSeconds seconds between checkpoints
 * @param logEvery steps between progress lines
 * @param threads TensorFlow intra-op threads
 * @param maxStepsThisRun stop (with a checkpoint) after this many steps in this process; 0 = no
 *     limit
 */
public record TrainConfig(
    Path workDir,
    long seed,
    String modelSize,
    long steps,
    int batch,
    float learningRate,
    long warmup,
    int checkpointSeconds,
    int logEvery,
    int threads,
    long maxStepsThisRun) {
  /** Validates every setting. */
  public TrainConfig {
    ModelConfig.named(modelSize);
    if (steps < 1 || batch < 2 || learningRate <= 0 || warmup < 0 || checkpointSeconds < 1) {
      throw new IllegalArgumentException(
          "need steps >= 1, batch >= 2, learning rate > 0, warmup >= 0, checkpoint seconds >= 1");
    }
    if (logEvery < 1 || threads < 1 || maxStepsThisRun < 0) {
      throw new IllegalArgumentException("need log-every >= 1, threads >= 1, max-steps >= 0");
    }
  }

  ModelConfig model() {
    return ModelConfig.named(modelSize);
  }
}

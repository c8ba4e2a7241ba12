package dev.editstream.models.cli;

import dev.editstream.models.train.EncoderTraining;
import dev.editstream.models.train.TrainConfig;
import dev.editstream.models.train.UnetTraining;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code models}: train the encoders and the UNet (resumable), export a bundle, evaluate it.
 * Mounted by the launcher as {@code editstream models ...}.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Train, export and evaluate the bundled diffusion model.",
    subcommands = {
      ModelsCommand.TrainEncoders.class,
      ModelsCommand.TrainUnet.class,
      ExportCommand.class,
      EvalCommand.class
    })
public final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelsCommand()).execute(args));
  }

  /** Options every training phase shares. */
  static final class TrainOptions {
    @Option(names = "--work-dir", required = true, description = "Checkpoints, state and logs.")
    Path workDir;

    @Option(
        names = "--seed",
        defaultValue = "1",
        description = "Data and init seed (${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "standard", description = "standard or tiny.")
    String size;

    @Option(
        names = "--checkpoint-seconds",
        defaultValue = "300",
        description = "Seconds between checkpoints (${DEFAULT-VALUE}).")
    int checkpointSeconds;

    @Option(
        names = "--log-every",
        defaultValue = "50",
        description = "Steps between progress lines.")
    int logEvery;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow intra-op threads.")
    int threads;

    @Option(
        names = "--max-steps-this-run",
        defaultValue = "0",
        description = "Stop after this many steps in this process (0 = run to the end).")
    long maxStepsThisRun;

    TrainConfig config(long steps, int batch, float lr, long warmup) {
      return new TrainConfig(
          workDir,
          seed,
          size,
          steps,
          batch,
          lr,
          warmup,
          checkpointSeconds,
          logEvery,
          threads,
          maxStepsThisRun);
    }
  }

  @Command(name = "train-encoders", description = "Train the CLIP-style text and image encoders.")
  static final class TrainEncoders implements Callable<Integer> {
    @Mixin TrainOptions common = new TrainOptions();

    @Option(names = "--steps", defaultValue = "3000")
    long steps;

    @Option(names = "--batch", defaultValue = "128")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3")
    float lr;

    @Option(names = "--warmup", defaultValue = "200")
    long warmup;

    @Override
    public Integer call() throws Exception {
      EncoderTraining.run(common.config(steps, batch, lr, warmup), System.out);
      return 0;
    }
  }

  @Command(name = "train-unet", description = "Train the UNet on the frozen text encoder.")
  static final class TrainUnet implements Callable<Integer> {
    @Mixin TrainOptions common = new TrainOptions();

    @Option(names = "--steps", defaultValue = "20000")
    long steps;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--lr", defaultValue = "5e-4")
    float lr;

    @Option(names = "--warmup", defaultValue = "500")
    long warmup;

    @Override
    public Integer call() throws Exception {
      UnetTraining.run(common.config(steps, batch, lr, warmup), System.out);
      return 0;
    }
  }
}

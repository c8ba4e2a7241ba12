package dev.editstream.models.cli;

import dev.editstream.models.train.Evaluation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models eval}: measures a bundle and writes the model card and sample grid. */
@Command(name = "eval", description = "Evaluate a bundle and write the model card.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true)
  Path bundle;

  @Option(names = "--work-dir", description = "Training work dir, for loss curves and times.")
  Path workDir;

  @Option(names = "--card", defaultValue = "docs/model-card.md")
  Path card;

  @Option(names = "--images", defaultValue = "docs/img")
  Path images;

  @Option(names = "--scenes", defaultValue = "1000", description = "Held-out scenes per attribute.")
  int scenes;

  @Option(names = "--samples", defaultValue = "200", description = "DDIM samples to judge.")
  int samples;

  @Option(names = "--seed", defaultValue = "424242")
  long seed;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Override
  public Integer call() throws Exception {
    boolean ok =
        Evaluation.run(
            new Evaluation.Config(bundle, workDir, card, images, scenes, samples, seed, threads),
            System.out);
    System.out.println(ok ? "eval: all thresholds met" : "eval: thresholds NOT met");
    return ok ? 0 : 2;
  }
}

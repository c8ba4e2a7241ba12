package dev.editstream.models.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the evaluation lands. */
@Command(name = "eval", description = "Evaluate a bundle and write the model card.")
final class EvalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}

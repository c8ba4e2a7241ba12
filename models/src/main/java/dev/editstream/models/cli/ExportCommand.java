package dev.editstream.models.cli;

import dev.editstream.models.train.BundleExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models export}: writes the slim inference bundle from a work dir's checkpoints. */
@Command(name = "export", description = "Export the trained model as a bundle directory.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--work-dir", required = true, description = "Training work dir.")
  Path workDir;

  @Option(names = "--out", required = true, description = "Bundle directory to (re)write.")
  Path out;

  @Option(names = "--name", defaultValue = "shapes32")
  String name;

  @Option(names = "--version", defaultValue = "1.0.0")
  String version;

  @Override
  public Integer call() throws Exception {
    BundleExport.run(workDir, out, name, version, System.out);
    return 0;
  }
}

package dev.editstream.deploy.cli;

import picocli.CommandLine.Command;

/** {@code editstream blobs}: the blob store's maintenance commands ({@code gc}). */
@Command(
    name = "blobs",
    mixinStandardHelpOptions = true,
    description = "Maintain the configured blob store.",
    subcommands = {BlobGcCommand.class})
public final class BlobsCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

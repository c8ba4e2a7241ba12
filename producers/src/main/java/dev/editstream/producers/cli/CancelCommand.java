package dev.editstream.producers.cli;

import dev.editstream.producers.EditClient;
import dev.editstream.producers.SubmitException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code editstream cancel}: asks to cancel one request that has not finished. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Ask to cancel a request that has not finished (a CancelRequest on edit-cancellations).",
      "Its result then says CANCELLED, unless it reached another outcome first; watch shows it.",
      "Example: cancel 0f206757-1b47-454b-b5dc-b20ff6fbbc12 --reason 'wrong image'"
    })
public final class CancelCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id submit printed.")
  String requestId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
  String reason;

  @Override
  public Integer call() {
    try (EditClient client = EditClient.connect(connection.settings())) {
      client.cancel(requestId, reason);
      spec.commandLine().getOut().println("cancel requested: " + requestId);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (SubmitException e) {
      spec.commandLine().getErr().println("cancel failed: " + e.getMessage());
      return 1;
    }
  }
}

package dev.editstream.producers.cli;

import dev.editstream.producers.audit.AuditTrail;
import dev.editstream.producers.audit.Lineage;
import dev.editstream.schemas.avro.AuditEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code editstream explain}: a result's lineage, rebuilt from {@code edit-audit} alone. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Print how a request's result came about, read from the audit topic (edit-audit) alone:"
          + " where the caption came from, whether the inversion was computed, shared or a cache"
          + " hit, the mask, the plan, the bundle and its sha256, the seed, the build, the"
          + " result's hash, the timings, and every decision in order.",
      "Exit code 0 when the request has ended, 3 while it is open, 4 when the topic has nothing"
          + " for it."
    })
public final class ExplainCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id.")
  String requestId;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to read at most (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<AuditEvent> events;
    try {
      events = AuditTrail.of(connection.settings(), requestId, Duration.ofSeconds(timeoutSeconds));
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("explain failed: " + e.getMessage());
      return 1;
    }
    if (events.isEmpty()) {
      out.println("request " + requestId + ": edit-audit holds nothing for it");
      out.flush();
      return 4;
    }
    Lineage lineage = Lineage.of(requestId, events);
    lineage.lines().forEach(out::println);
    out.flush();
    return lineage.end().isPresent() ? 0 : 3;
  }
}

package dev.editstream.producers.cli;

import dev.editstream.producers.SubmitException;
import dev.editstream.producers.replay.Replay;
import dev.editstream.producers.replay.ReplayPoint;
import dev.editstream.producers.replay.ReplayReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code editstream replay}: re-runs recorded requests and checks their results by hash. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run the requests recorded on edit-requests from --from up to --to under replay ids"
          + " (replay-<run>-<id>), with the seed and bundle version each recorded result reports,"
          + " and print per request whether it ended as recorded: the same result sha256 for a"
          + " success, the same status and reason code otherwise. Requests that ended CANCELLED or"
          + " EXPIRED, or have no result yet, are skipped; earlier replays are left out.",
      "Exit code 0 when every replay ended as recorded, 1 on any mismatch, 3 when a replay's"
          + " result did not arrive, 2 when the range or the topics cannot be read."
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME|OFFSET",
      description =
          "Start of the range, included: an ISO-8601 instant (2026-12-06T21:00:00Z) or an offset"
              + " in every partition (0 is the beginning).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME|OFFSET",
      description = "End of the range, excluded (default: the end when the replay starts).")
  String to;

  @Option(
      names = "--verify",
      description = "Compare each replay's outcome with the recorded one (without it: report).")
  boolean verify;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description =
          "Stop waiting when no replay's result arrived for this long, ISO-8601 (default:"
              + " ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Replay.Options options;
    try {
      options =
          new Replay.Options(
              ReplayPoint.parse(from),
              to == null ? null : ReplayPoint.parse(to),
              verify,
              idleTimeout);
    } catch (IllegalArgumentException e) {
      err.println("replay: " + e.getMessage());
      return 2;
    }
    ReplayReport report;
    try {
      report =
          new Replay(
                  connection.settings(),
                  options,
                  o -> {
                    out.println(o.line());
                    out.flush();
                  })
              .run();
    } catch (IllegalStateException e) {
      err.println("replay failed: " + e.getMessage());
      return 2;
    } catch (SubmitException e) {
      err.println("replay could not submit: " + e.getMessage());
      return 1;
    }
    out.println(report.summaryLine());
    out.flush();
    if (report.counts().get(dev.editstream.producers.replay.ReplayVerdict.MISMATCH) > 0) {
      return 1;
    }
    return report.failed() ? 3 : 0;
  }
}

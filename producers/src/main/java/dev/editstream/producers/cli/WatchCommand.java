package dev.editstream.producers.cli;

import dev.editstream.producers.Observed;
import dev.editstream.producers.OutcomeLines;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code editstream watch}: prints one line per result and progress report as it arrives. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Print one line per result (edit-results) and progress report (edit-progress) as they"
          + " arrive, until Ctrl-C.",
      "Lines: RESULT <request id> <status> <reason code> <message> [image=<path>|result=<uri>]",
      "       PROGRESS <request id> <stage> <step>/<total> <message>"
    })
public final class WatchCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(500);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--from-beginning",
      description = "Also print results already on the topic (default: only new ones).")
  boolean fromBeginning;

  @Option(names = "--id", paramLabel = "ID", description = "Only this request (repeatable).")
  Set<String> ids;

  @Option(
      names = "--progress",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Print progress reports (default: yes; --no-progress shows results only).")
  boolean progress;

  @Option(
      names = "--audit",
      description = "Also print audit events (edit-audit), e.g. intake's ACCEPTED decisions.")
  boolean audit;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Exit after N results (exit code 2 if --timeout passes first).")
  Integer count;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Exit after this many seconds (exit code 0 unless --count was not reached).")
  Integer timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Topic<String, ?>> topics = new ArrayList<>(List.of(Topics.EDIT_RESULTS));
    if (progress) {
      topics.add(Topics.EDIT_PROGRESS);
    }
    if (audit) {
      topics.add(Topics.EDIT_AUDIT);
    }
    Instant end = timeoutSeconds == null ? null : Instant.now().plusSeconds(timeoutSeconds);
    CountDownLatch finished = new CountDownLatch(1);
    int results = 0;
    try (TopicFollower follower =
        TopicFollower.follow(connection.settings(), topics, fromBeginning)) {
      Thread hook = new Thread(() -> stop(follower, finished), "watch-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine().getErr().println("watching " + names(topics) + " (Ctrl-C to stop)");
      try {
        while ((count == null || results < count) && (end == null || Instant.now().isBefore(end))) {
          for (Observed o : follower.poll(POLL)) {
            if (ids == null || ids.contains(o.key())) {
              out.println(OutcomeLines.of(o.value()));
              results += o.value() instanceof EditResult ? 1 : 0;
            }
          }
          out.flush();
        }
      } catch (WakeupException e) {
        return 0;
      } finally {
        finished.countDown();
        removeHook(hook);
      }
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("watch failed: " + e.getMessage());
      return 1;
    }
    if (count != null && results < count) {
      spec.commandLine()
          .getErr()
          .println("watch: " + results + " of " + count + " results before timeout");
      return 2;
    }
    return 0;
  }

  private static void stop(TopicFollower follower, CountDownLatch finished) {
    follower.wakeup();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and waits for us.
    }
  }

  private static String names(List<Topic<String, ?>> topics) {
    return topics.stream().map(Topic::name).toList().toString();
  }
}

package dev.editstream.producers.enrich;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The run's progress bar (me.tongfei progressbar): rows done of all, rate, ETA and the counts by
 * status. On a terminal it redraws one line; elsewhere (a log, CI) it prints a line each time the
 * count moves, so a log holds every step and no redraws.
 */
final class ProgressDisplay implements AutoCloseable {

  private static final Pattern COUNT = Pattern.compile(" (\\d+)/(\\d+) ");

  private final ProgressBar bar;
  private final Map<String, Integer> byStatus = new TreeMap<>();

  ProgressDisplay(PrintStream out, boolean terminal, int rows, int alreadyDone) {
    ProgressBarConsumer consumer =
        terminal ? new ConsoleProgressBarConsumer(out) : new ChangedLines(out);
    this.bar =
        new ProgressBarBuilder()
            .setTaskName("enrich")
            .setInitialMax(rows)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(consumer)
            .setUpdateIntervalMillis(terminal ? 250 : 100)
            .showSpeed(new java.text.DecimalFormat("0.00"))
            .setUnit(" edits", 1)
            .setSpeedUnit(ChronoUnit.MINUTES)
            // ETA from this run's pace: rows a previous run finished took no time here
            .startsFrom(alreadyDone, Duration.ZERO)
            .build();
  }

  /** One more row done, ended with {@code status}. */
  void done(String status) {
    byStatus.merge(status, 1, Integer::sum);
    bar.setExtraMessage(counts());
    bar.step();
  }

  /** Rows counted before the bar moved (skipped, invalid), without moving the ETA's pace. */
  void counted(String status) {
    byStatus.merge(status, 1, Integer::sum);
    bar.setExtraMessage(counts());
  }

  private String counts() {
    // the library appends this right after the rate: the separator is ours
    StringBuilder s = new StringBuilder();
    byStatus.forEach(
        (k, v) -> s.append(s.isEmpty() ? " | " : ", ").append(k).append(' ').append(v));
    return s.toString();
  }

  @Override
  public void close() {
    bar.close();
  }

  /** Prints the bar's line only when its count moved. */
  private static final class ChangedLines extends DelegatingProgressBarConsumer {
    private final PrintStream out;
    private String lastCount = "";

    ChangedLines(PrintStream out) {
      super(line -> {}, 120);
      this.out = out;
    }

    @Override
    public void accept(String line) {
      Matcher m = COUNT.matcher(line);
      String count = m.find() ? m.group() : line;
      if (!count.equals(lastCount)) {
        lastCount = count;
        out.println(line.strip());
        out.flush();
      }
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}

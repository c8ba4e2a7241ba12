package dev.editstream.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole machine's CPU load (every process, from the OS), averaged over a burst: whether the
 * cores were what bounded it.
 */
final class CpuSampler implements AutoCloseable {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cpu-sampler");
            t.setDaemon(true);
            return t;
          });
  private final DoubleAdder sum = new DoubleAdder();
  private final LongAdder samples = new LongAdder();

  CpuSampler() {
    timer.scheduleAtFixedRate(this::sample, 500, 500, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    double load = os.getCpuLoad();
    if (load >= 0) {
      sum.add(load);
      samples.increment();
    }
  }

  /** The mean load so far, 0 to 1 (all cores busy), or -1 when the OS reported none. */
  double mean() {
    long n = samples.sum();
    return n == 0 ? -1 : sum.sum() / n;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

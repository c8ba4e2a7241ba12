package dev.editstream.workers.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Meters of the denoiser calls a worker runs, one set per call (a signature of the bundle
 * contract): how many job rows each call carried (a histogram), how many zero rows padded it to its
 * layout's size (the waste that keeps each row's bits independent of its neighbours), and how long
 * it took. The step batcher records every call, a lone job's included, so the padding a worker pays
 * at low load shows beside the rows it gains under load.
 *
 * <p>Meters (Prometheus names): {@code editstream_denoiser_rows_per_call{call}} (histogram), {@code
 * editstream_denoiser_rows_total{call}}, {@code editstream_denoiser_padding_rows_total{call}} and
 * {@code editstream_denoiser_call_seconds{call}}. The share of wasted rows is {@code
 * padding_rows_total / (rows_total + padding_rows_total)}. Thread-safe.
 *
 * <pre>{@code
 * DenoiserCalls calls = new DenoiserCalls(registry);
 * long start = System.nanoTime();
 * ... run denoise on 5 job rows zero-padded to 6 ...
 * calls.record("denoise", 5, 6, System.nanoTime() - start);
 * }</pre>
 */
public final class DenoiserCalls {

  /**
   * The bundle contract's signatures a batched step calls; their meters exist from the start, so a
   * scrape shows them (at zero) before the first call.
   */
  public static final List<String> SIGNATURES =
      List.of("denoise", "denoise_p2p", "eps_vjp_context");

  /**
   * Bucket bounds of the rows-per-call histogram: every size up to 4, then the sizes batch layouts
   * use (see {@code BatchLayout}), up to 64.
   */
  static final double[] ROW_BUCKETS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

  // A call name becomes a label value: keep it a signature name, so the series stay few.
  private static final Pattern CALL = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final MeterRegistry registry;
  private final ConcurrentMap<String, CallMeters> byCall = new ConcurrentHashMap<>();

  /**
   * Meters of denoiser calls in a registry.
   *
   * @param registry where they are recorded
   */
  public DenoiserCalls(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    SIGNATURES.forEach(this::meters);
  }

  /**
   * Records one denoiser call.
   *
   * @param call the signature called, e.g. {@code denoise}, {@code denoise_p2p}, {@code
   *     eps_vjp_context} (lower-case letters, digits and underscores)
   * @param rows the job rows the call carried (at least 1)
   * @param paddedRows the call's size after zero padding: its rows plus the zero rows (at least
   *     {@code rows}); {@code paddedRows - rows} is the padding recorded
   * @param nanos how long the call took, in nanoseconds
   * @throws IllegalArgumentException when the call's name or a count is out of range
   */
  public void record(String call, int rows, int paddedRows, long nanos) {
    if (rows < 1 || paddedRows < rows || nanos < 0) {
      throw new IllegalArgumentException(
          "a call has rows >= 1, paddedRows >= rows and nanos >= 0: rows "
              + rows
              + ", paddedRows "
              + paddedRows
              + ", nanos "
              + nanos);
    }
    CallMeters meters = meters(call);
    meters.rowsPerCall().record(rows);
    meters.rows().increment(rows);
    meters.padding().increment(paddedRows - rows);
    meters.time().record(nanos, TimeUnit.NANOSECONDS);
  }

  private CallMeters meters(String call) {
    Objects.requireNonNull(call, "call");
    if (!CALL.matcher(call).matches()) {
      throw new IllegalArgumentException("not a signature name: '" + call + "'");
    }
    return byCall.computeIfAbsent(call, this::register);
  }

  private CallMeters register(String call) {
    return new CallMeters(
        DistributionSummary.builder("editstream.denoiser.rows.per.call")
            .description("Job rows per denoiser call, before padding")
            .tag("call", call)
            .serviceLevelObjectives(ROW_BUCKETS)
            .register(registry),
        Counter.builder("editstream.denoiser.rows")
            .description("Job rows run through denoiser calls")
            .tag("call", call)
            .register(registry),
        Counter.builder("editstream.denoiser.padding.rows")
            .description("Zero rows added to denoiser calls to reach their layout's size")
            .tag("call", call)
            .register(registry),
        Timer.builder("editstream.denoiser.call")
            .description("Time per denoiser call")
            .tag("call", call)
            .register(registry));
  }

  private record CallMeters(
      DistributionSummary rowsPerCall, Counter rows, Counter padding, Timer time) {}
}

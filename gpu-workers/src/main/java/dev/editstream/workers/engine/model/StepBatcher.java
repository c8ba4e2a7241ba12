package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Step-level continuous batching: the denoiser calls of every job running on a model go through one
 * thread that runs each kind of call for many jobs at once, zero-padded to a size of the layout. A
 * job joins at its next call and leaves when it is done; nobody waits for a batch to finish. Each
 * job runs its own loop on its own thread, so deadlines, cancellation and progress still act
 * between its steps.
 *
 * <p>A job that {@linkplain #seat seats} its thread tells the batcher it is running: a call then
 * runs as soon as every seated job is waiting in some call, or the call is full, or the admission
 * delay has passed since its first block arrived (a seated job between two calls may still join).
 * An unseated caller's calls run as soon as no seated job could join them. Who joins a call first:
 * higher priority, then earlier arrival; the others wait for the next call.
 *
 * <p>Bits: a row's output depends only on the call's size and the row's place in it, and every size
 * of a safe layout gives every place the same bits ({@link BatchLayoutProbe}), so a job's bytes do
 * not depend on its company or on load. A call that TensorFlow refuses for lack of memory runs
 * again split in halves, and the batcher keeps to the smaller size from then on.
 */
public final class StepBatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StepBatcher.class);

  private final Denoiser bundle;
  private final BatchSettings settings;
  private final DenoiserCallListener listener;
  private final int latentSize;
  private final int contextLength;
  private final int contextDim;
  private final Object lock = new Object();
  private final NavigableSet<RowBlock> pending = new TreeSet<>(RowBlock.ORDER);
  private final Set<Seat> seats = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Seat> seated = new ThreadLocal<>();
  private final Thread thread;
  private long sequence;
  private int rowCap;
  private boolean closed;

  StepBatcher(
      Denoiser bundle,
      BatchSettings settings,
      DenoiserCallListener listener,
      int latentSize,
      int contextLength,
      int contextDim,
      String name) {
    this.bundle = bundle;
    this.settings = settings;
    this.listener = listener;
    this.latentSize = latentSize;
    this.contextLength = contextLength;
    this.contextDim = contextDim;
    this.rowCap = settings.maxRows();
    this.thread = new Thread(this::loop, "step-batcher-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Seats the calling thread as a running job until the seat is closed: the batcher then knows when
   * this job is between two calls, and its priority orders who joins a full call first.
   *
   * @param priority higher joins first
   * @throws IllegalStateException when this thread is already seated
   */
  public Seat seat(int priority) {
    if (seated.get() != null) {
      throw new IllegalStateException(Thread.currentThread().getName() + " is already seated");
    }
    Seat seat = new Seat(priority);
    seated.set(seat);
    seats.add(seat);
    return seat;
  }

  /** The settings the batcher runs with. */
  public BatchSettings settings() {
    return settings;
  }

  /** A running job's place at the batcher; closing it leaves. */
  public final class Seat implements JobSeat {
    private final int priority;
    private boolean waiting;
    private long calls;
    private long jobsInCalls;

    private Seat(int priority) {
      this.priority = priority;
    }

    @Override
    public double jobsPerCall() {
      synchronized (lock) {
        return calls == 0 ? 1 : (double) jobsInCalls / calls;
      }
    }

    @Override
    public void close() {
      if (seated.get() == this) {
        seated.remove();
      }
      synchronized (lock) {
        if (seats.remove(this)) {
          lock.notifyAll(); // one job fewer may leave everyone else waiting
        }
      }
    }
  }

  final Denoiser calls =
      new Denoiser() {
        @Override
        public DenoiseOutput denoise(float[][] latents, int[] t, float[][] contexts) {
          return join(RowBlock.denoise(latents, t, contexts, priority(), next(), now()))
              .denoiseOutput();
        }

        @Override
        public DenoiseOutput denoiseP2p(
            float[][] latents, int[] t, float[][] contexts, AttentionControl control) {
          return join(RowBlock.denoiseP2p(latents, t, contexts, control, priority(), next(), now()))
              .denoiseOutput();
        }

        @Override
        public ContextGradient epsVjpContext(
            float[][] latents, int[] t, float[][] contexts, float[][] cotangents) {
          return join(RowBlock.epsVjpContext(
                  latents, t, contexts, cotangents, priority(), next(), now()))
              .gradient();
        }
      };

  private int priority() {
    Seat seat = seated.get();
    return seat == null ? 0 : seat.priority;
  }

  private long next() {
    synchronized (lock) {
      return sequence++;
    }
  }

  private static long now() {
    return System.nanoTime();
  }

  private RowBlock join(RowBlock block) {
    if (block.rows() > settings.layout().maxRows()) {
      throw new IllegalArgumentException(
          block.rows() + " rows do not fit the layout's largest call " + settings.layout());
    }
    Seat seat = seated.get();
    synchronized (lock) {
      if (closed) {
        throw new BundleClosedException("the step batcher is closed");
      }
      block.seat = seat;
      pending.add(block);
      if (seat != null) {
        seat.waiting = true;
      }
      lock.notifyAll();
    }
    block.await();
    return block;
  }

  private void loop() {
    try {
      while (true) {
        List<RowBlock> call = nextCall();
        if (call == null) {
          return;
        }
        run(call);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failPending(new BundleClosedException("the step batcher stopped"));
    }
  }

  /** Waits for the next call to run and takes its blocks; null once closed and drained. */
  private List<RowBlock> nextCall() throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (pending.isEmpty()) {
          if (closed) {
            return null;
          }
          lock.wait();
          continue;
        }
        RowBlock first = pending.first();
        List<RowBlock> chosen = new ArrayList<>();
        int rows = 0;
        boolean full = false;
        long oldest = Long.MAX_VALUE;
        for (RowBlock b : pending) {
          if (b.call != first.call) {
            continue;
          }
          if (rows + b.rows() > Math.max(rowCap, first.rows())) {
            full = true;
            break;
          }
          chosen.add(b);
          rows += b.rows();
          oldest = Math.min(oldest, b.arrivedNanos);
        }
        // The delay counts from the oldest block's arrival: a block that already waited through
        // a call runs as soon as the batcher is free, so the bundle never idles while the jobs
        // of the last call do their own work between steps (waiting for them instead, to merge
        // jobs at different steps into fuller calls, measured slower: NOTES.md, issue 19).
        long waited = now() - oldest;
        long delay = settings.admissionDelay().toNanos();
        if (full || rows >= rowCap || closed || everySeatWaiting() || waited >= delay) {
          pending.removeAll(chosen);
          for (RowBlock b : chosen) {
            if (b.seat != null) {
              b.seat.waiting = false; // from now on it computes, or is about to
            }
          }
          return chosen;
        }
        long left = delay - waited;
        lock.wait(left / 1_000_000, (int) (left % 1_000_000));
      }
    }
  }

  private boolean everySeatWaiting() {
    for (Seat s : seats) {
      if (!s.waiting) {
        return false;
      }
    }
    return true;
  }

  private void run(List<RowBlock> blocks) {
    DenoiserCall kind = blocks.get(0).call;
    int rows = blocks.stream().mapToInt(RowBlock::rows).sum();
    int size = settings.layout().paddedSize(rows);
    PaddedCall call = new PaddedCall(kind, blocks, size, latentSize, contextLength, contextDim);
    long start = System.nanoTime();
    try {
      call.run(bundle);
      synchronized (lock) {
        for (RowBlock b : blocks) {
          if (b.seat != null) {
            b.seat.calls++;
            b.seat.jobsInCalls += blocks.size();
          }
        }
      }
      listener.onCall(kind, rows, size, blocks.size(), System.nanoTime() - start);
    } catch (RuntimeException e) {
      if (blocks.size() == 1) {
        blocks.get(0).fail(e);
        return;
      }
      if (outOfMemory(e)) {
        shrink(rows, e);
      } else {
        LOG.warn(
            "{} call of {} jobs failed ({}); running each job's rows on their own",
            kind,
            blocks.size(),
            e.toString());
      }
      // Each part runs again on its own: one job's failure stays that job's.
      int half = blocks.size() / 2;
      run(blocks.subList(0, half));
      run(blocks.subList(half, blocks.size()));
    }
  }

  private void shrink(int rows, RuntimeException e) {
    int smaller = Math.max(settings.layout().paddedSizes().get(0), rows / 2);
    synchronized (lock) {
      if (smaller < rowCap) {
        rowCap = smaller;
        LOG.warn(
            "a call of {} rows ran out of device memory ({}); calls take at most {} rows from now",
            rows,
            e.getCause() == null ? e : e.getCause(),
            rowCap);
      }
    }
  }

  private static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TFResourceExhaustedException || t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private void failPending(RuntimeException e) {
    List<RowBlock> left;
    synchronized (lock) {
      closed = true;
      left = new ArrayList<>(pending);
      pending.clear();
    }
    left.forEach(b -> b.fail(e));
  }

  /** Blocks waiting for a call, for tests that line blocks up before a call. */
  int pendingBlocks() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** The most rows a call takes now: the settings' maximum, or less after running out of memory. */
  public int rowCap() {
    synchronized (lock) {
      return rowCap;
    }
  }

  /** Stops taking calls; those already waiting still run. Waits for the batcher's thread. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import java.util.Comparator;

/**
 * One job's rows of one denoiser call, waiting for its share of a batch's output. The job's thread
 * waits on it ({@link #await}); the batcher completes or fails it.
 */
final class RowBlock {

  /** Who joins a call first: higher priority, then earlier arrival. */
  static final Comparator<RowBlock> ORDER =
      Comparator.comparingInt((RowBlock b) -> b.priority)
          .reversed()
          .thenComparingLong(b -> b.sequence);

  final DenoiserCall call;
  final float[][] latents;
  final int[] t;
  final float[][] contexts;
  final AttentionControl control;
  final float[][] cotangents;
  final int priority;
  final long sequence;
  final long arrivedNanos;

  /** The seat of the job whose thread waits on the block, if it is seated. */
  StepBatcher.Seat seat;

  private Object output;
  private RuntimeException failure;
  private boolean done;

  private RowBlock(
      DenoiserCall call,
      float[][] latents,
      int[] t,
      float[][] contexts,
      AttentionControl control,
      float[][] cotangents,
      int priority,
      long sequence,
      long arrivedNanos) {
    if (latents.length != t.length || contexts.length != t.length || t.length == 0) {
      throw new IllegalArgumentException(
          call
              + " needs as many latents, timesteps and contexts, at least one: got "
              + latents.length
              + ", "
              + t.length
              + ", "
              + contexts.length);
    }
    this.call = call;
    this.latents = latents;
    this.t = t;
    this.contexts = contexts;
    this.control = control;
    this.cotangents = cotangents;
    this.priority = priority;
    this.sequence = sequence;
    this.arrivedNanos = arrivedNanos;
  }

  static RowBlock denoise(
      float[][] latents, int[] t, float[][] contexts, int priority, long sequence, long now) {
    return new RowBlock(
        DenoiserCall.DENOISE, latents, t, contexts, null, null, priority, sequence, now);
  }

  static RowBlock denoiseP2p(
      float[][] latents,
      int[] t,
      float[][] contexts,
      AttentionControl control,
      int priority,
      long sequence,
      long now) {
    if (control.batch() != t.length) {
      throw new IllegalArgumentException(
          "attention control for " + control.batch() + " rows does not fit " + t.length);
    }
    return new RowBlock(
        DenoiserCall.DENOISE_P2P, latents, t, contexts, control, null, priority, sequence, now);
  }

  static RowBlock epsVjpContext(
      float[][] latents,
      int[] t,
      float[][] contexts,
      float[][] cotangents,
      int priority,
      long sequence,
      long now) {
    if (cotangents.length != t.length) {
      throw new IllegalArgumentException(
          "eps_vjp_context needs a cotangent per row: " + cotangents.length + " for " + t.length);
    }
    return new RowBlock(
        DenoiserCall.EPS_VJP_CONTEXT,
        latents,
        t,
        contexts,
        null,
        cotangents,
        priority,
        sequence,
        now);
  }

  int rows() {
    return t.length;
  }

  synchronized void complete(Object value) {
    output = value;
    done = true;
    notifyAll();
  }

  synchronized void fail(RuntimeException e) {
    failure = e;
    done = true;
    notifyAll();
  }

  /**
   * Waits for the block's output. An interrupt does not abandon a block the batcher may already run
   * (a call takes at most a few hundred milliseconds): the flag is restored once it is done.
   */
  synchronized Object await() {
    boolean interrupted = false;
    while (!done) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    return output;
  }

  DenoiseOutput denoiseOutput() {
    return (DenoiseOutput) await();
  }

  ContextGradient gradient() {
    return (ContextGradient) await();
  }
}

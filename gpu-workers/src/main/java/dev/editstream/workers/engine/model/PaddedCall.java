package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bundle call for the blocks of several jobs: their rows one after another, then zero rows up
 * to the padded size; each block gets back the output rows at its place. A prompt-to-prompt block's
 * source indices move with it; a padding row is its own source and blends nothing.
 */
final class PaddedCall {

  private final DenoiserCall call;
  private final List<RowBlock> blocks;
  private final int size;
  private final int latentSize;
  private final int contextSize;
  private final int contextLength;

  PaddedCall(
      DenoiserCall call,
      List<RowBlock> blocks,
      int size,
      int latentSize,
      int contextLength,
      int contextDim) {
    this.call = call;
    this.blocks = List.copyOf(blocks);
    this.size = size;
    this.latentSize = latentSize;
    this.contextSize = contextLength * contextDim;
    this.contextLength = contextLength;
    int rows = rows();
    if (rows > size) {
      throw new IllegalArgumentException(rows + " rows do not fit a call of " + size);
    }
    for (RowBlock b : blocks) {
      if (b.call != call) {
        throw new IllegalArgumentException("a " + b.call + " block in a " + call + " call");
      }
    }
  }

  /** The rows the blocks fill, before padding. */
  int rows() {
    return blocks.stream().mapToInt(RowBlock::rows).sum();
  }

  /** Runs the call on the bundle and hands every block its rows. */
  void run(Denoiser bundle) {
    float[][] latents = stack(b -> b.latents, latentSize);
    float[][] contexts = stack(b -> b.contexts, contextSize);
    int[] t = timesteps();
    switch (call) {
      case DENOISE -> share(bundle.denoise(latents, t, contexts));
      case DENOISE_P2P -> share(bundle.denoiseP2p(latents, t, contexts, control()));
      case EPS_VJP_CONTEXT ->
          share(bundle.epsVjpContext(latents, t, contexts, stack(b -> b.cotangents, latentSize)));
    }
  }

  private void share(DenoiseOutput out) {
    int at = 0;
    for (RowBlock b : blocks) {
      int to = at + b.rows();
      Map<String, FloatTensor> attention = new LinkedHashMap<>();
      for (Map.Entry<String, FloatTensor> e : out.attention().entrySet()) {
        attention.put(e.getKey(), e.getValue().rows(at, to));
      }
      b.complete(new DenoiseOutput(out.eps().rows(at, to), attention));
      at = to;
    }
  }

  private void share(ContextGradient out) {
    int at = 0;
    for (RowBlock b : blocks) {
      int to = at + b.rows();
      b.complete(new ContextGradient(out.eps().rows(at, to), out.dContext().rows(at, to)));
      at = to;
    }
  }

  private interface Part {
    float[][] of(RowBlock block);
  }

  private float[][] stack(Part part, int width) {
    float[][] rows = new float[size][];
    int at = 0;
    for (RowBlock b : blocks) {
      for (float[] row : part.of(b)) {
        rows[at++] = row;
      }
    }
    float[] zero = new float[width];
    Arrays.fill(rows, at, size, zero);
    return rows;
  }

  private int[] timesteps() {
    int[] t = new int[size];
    int at = 0;
    for (RowBlock b : blocks) {
      System.arraycopy(b.t, 0, t, at, b.rows());
      at += b.rows();
    }
    return t;
  }

  private AttentionControl control() {
    AttentionControl none = AttentionControl.none(size, contextLength);
    int[] source = none.sourceIndex();
    float[] map = none.tokenMap().values();
    float[] alpha = none.tokenAlpha().values();
    float[] cross = new float[size];
    float[] self = new float[size];
    int square = contextLength * contextLength;
    int at = 0;
    for (RowBlock b : blocks) {
      AttentionControl c = b.control;
      int[] src = c.sourceIndex();
      for (int r = 0; r < b.rows(); r++) {
        source[at + r] = at + src[r];
      }
      System.arraycopy(c.tokenMap().values(), 0, map, at * square, b.rows() * square);
      System.arraycopy(
          c.tokenAlpha().values(), 0, alpha, at * contextLength, b.rows() * contextLength);
      System.arraycopy(c.crossBlend(), 0, cross, at, b.rows());
      System.arraycopy(c.selfBlend(), 0, self, at, b.rows());
      at += b.rows();
    }
    return new AttentionControl(
        source,
        FloatTensor.of(map, size, contextLength, contextLength),
        FloatTensor.of(alpha, size, contextLength),
        cross,
        self);
  }
}

package dev.editstream.models.train;

import dev.editstream.models.train.Params.Init;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/** Neural-network layers over {@link Params}: dense, conv, norms, attention. */
final class Nn {
  /** Receives an attention layer's probabilities and returns the ones to use. */
  interface AttentionHook {
    /** Identity: use the computed probabilities. */
    AttentionHook NONE = (name, cross, probs) -> probs;

    Operand<TFloat32> apply(String layer, boolean cross, Operand<TFloat32> probs);
  }

  private final Params p;
  private final Ops tf;

  Nn(Params p) {
    this.p = p;
    this.tf = p.tf();
  }

  Ops tf() {
    return tf;
  }

  Params params() {
    return p;
  }

  /** x (..., in) @ W (in, out) + b, for rank-2 x. */
  Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, boolean zeroInit) {
    var w = p.get(name + "_w", new long[] {in, out}, zeroInit ? Init.ZEROS : Init.FAN_IN, in, 1f);
    var b = p.get(name + "_b", new long[] {out}, Init.ZEROS, 1, 1f);
    return tf.math.add(tf.linalg.matMul(x, w), b);
  }

  /** Dense over the last axis of a (B, N, in) tensor. */
  Operand<TFloat32> dense3(
      String name, Operand<TFloat32> x, int n, int in, int out, boolean zeroInit) {
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, in}));
    return tf.reshape(dense(name, flat, in, out, zeroInit), tf.constant(new long[] {-1, n, out}));
  }

  /** 3x3 (or k x k) convolution, SAME padding. */
  Operand<TFloat32> conv(
      String name, Operand<TFloat32> x, int k, int in, int out, int stride, boolean zeroInit) {
    var w =
        p.get(
            name + "_w",
            new long[] {k, k, in, out},
            zeroInit ? Init.ZEROS : Init.FAN_IN,
            (long) k * k * in,
            1f);
    var b = p.get(name + "_b", new long[] {out}, Init.ZEROS, 1, 1f);
    Operand<TFloat32> y =
        tf.nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
    return tf.nn.biasAdd(y, b);
  }

  Operand<TFloat32> silu(Operand<TFloat32> x) {
    return tf.math.mul(x, tf.math.sigmoid(x));
  }

  /** GroupNorm over (B, H, W, C) with {@code groups} groups. */
  Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x, int h, int w, int c, int groups) {
    Operand<TFloat32> g = tf.reshape(x, tf.constant(new long[] {-1, h, w, groups, c / groups}));
    Operand<TFloat32> y = normalize(g, new int[] {1, 2, 4});
    y = tf.reshape(y, tf.constant(new long[] {-1, h, w, c}));
    return affine(name, y, c);
  }

  /** LayerNorm over the last axis (of size c). */
  Operand<TFloat32> layerNorm(String name, Operand<TFloat32> x, int c) {
    int rank = x.shape().numDimensions();
    return affine(name, normalize(x, new int[] {rank - 1}), c);
  }

  private Operand<TFloat32> normalize(Operand<TFloat32> x, int[] axes) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(axes), Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(x, mean);
    Operand<TFloat32> var =
        tf.math.mean(tf.math.square(centred), tf.constant(axes), Mean.keepDims(true));
    return tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f))));
  }

  private Operand<TFloat32> affine(String name, Operand<TFloat32> y, int c) {
    var gamma = p.get(name + "_g", new long[] {c}, Init.ONES, 1, 1f);
    var beta = p.get(name + "_b", new long[] {c}, Init.ZEROS, 1, 1f);
    return tf.math.add(tf.math.mul(y, gamma), beta);
  }

  /**
   * Multi-head attention: queries from x (B, N, c), keys and values from kv (B, M, ckv). The
   * probabilities (B, heads, N, M) go through {@code hook}; returns the projected output (B, N, c)
   * and records the used probabilities in {@code probsOut}.
   */
  Operand<TFloat32> attention(
      String name,
      Operand<TFloat32> x,
      int n,
      int c,
      Operand<TFloat32> kv,
      int m,
      int ckv,
      int heads,
      Operand<TFloat32> mask,
      AttentionHook hook,
      boolean cross,
      List<Operand<TFloat32>> probsOut) {
    int dh = c / heads;
    Operand<TFloat32> q = splitHeads(dense3(name + "_q", x, n, c, c, false), n, heads, dh);
    Operand<TFloat32> k = splitHeads(dense3(name + "_k", kv, m, ckv, c, false), m, heads, dh);
    Operand<TFloat32> v = splitHeads(dense3(name + "_v", kv, m, ckv, c, false), m, heads, dh);
    Operand<TFloat32> logits =
        tf.math.mul(
            tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
            tf.constant((float) (1 / Math.sqrt(dh))));
    if (mask != null) {
      logits = tf.math.add(logits, mask);
    }
    Operand<TFloat32> probs = hook.apply(name, cross, tf.nn.softmax(logits));
    if (probsOut != null) {
      probsOut.add(probs);
    }
    Operand<TFloat32> o = tf.train.batchMatMul(probs, v, TFloat32.class);
    o = tf.linalg.transpose(o, tf.constant(new int[] {0, 2, 1, 3}));
    o = tf.reshape(o, tf.constant(new long[] {-1, n, c}));
    return dense3(name + "_o", o, n, c, c, true);
  }

  private Operand<TFloat32> splitHeads(Operand<TFloat32> x, int n, int heads, int dh) {
    Operand<TFloat32> r = tf.reshape(x, tf.constant(new long[] {-1, n, heads, dh}));
    return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
  }
}

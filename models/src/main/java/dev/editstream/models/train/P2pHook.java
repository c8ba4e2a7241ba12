package dev.editstream.models.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Prompt-to-prompt control computed in the graph (see {@code AttentionControl}): each batch row
 * takes its source row's attention, mapped through its token map for cross-attention, blended in
 * per target token and per row. One call serves a whole CFG batch.
 */
record P2pHook(
    Ops tf,
    Operand<TInt32> sourceIndex,
    Operand<TFloat32> tokenMap,
    Operand<TFloat32> tokenAlpha,
    Operand<TFloat32> crossBlend,
    Operand<TFloat32> selfBlend)
    implements Nn.AttentionHook {

  @Override
  public Operand<TFloat32> apply(String layer, boolean cross, Operand<TFloat32> probs) {
    long heads = probs.shape().get(1);
    long n = probs.shape().get(2);
    long m = probs.shape().get(3);
    Operand<TFloat32> source = tf.gather(probs, sourceIndex, tf.constant(0));
    Operand<TFloat32> target;
    Operand<TFloat32> blend;
    if (cross) {
      Operand<TFloat32> flat = tf.reshape(source, tf.constant(new long[] {-1, heads * n, m}));
      Operand<TFloat32> mapped =
          tf.reshape(
              tf.train.batchMatMul(flat, tokenMap, TFloat32.class),
              tf.constant(new long[] {-1, heads, n, m}));
      Operand<TFloat32> alpha = tf.reshape(tokenAlpha, tf.constant(new long[] {-1, 1, 1, m}));
      target = tf.math.add(probs, tf.math.mul(alpha, tf.math.sub(mapped, probs)));
      blend = crossBlend;
    } else {
      target = source;
      blend = selfBlend;
    }
    Operand<TFloat32> w = tf.reshape(blend, tf.constant(new long[] {-1, 1, 1, 1}));
    return tf.math.add(probs, tf.math.mul(w, tf.math.sub(target, probs)));
  }
}

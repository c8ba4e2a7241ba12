package dev.editstream.models.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Small pieces shared by the training and export graphs. */
final class Graphs {
  private Graphs() {}

  static Session session(Graph g, int threads) {
    ConfigProto c =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(1)
            .build();
    return new Session(g, c);
  }

  static <T extends TType> Placeholder<T> input(Ops tf, String name, Class<T> type, long... dims) {
    return tf.withName(name).placeholder(type, Placeholder.shape(Shape.of(dims)));
  }

  /** Variables whose name starts with one of the prefixes, keyed by name. */
  static Map<String, Variable<TFloat32>> select(Params p, String... prefixes) {
    Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
    p.all()
        .forEach(
            (n, v) -> {
              for (String prefix : prefixes) {
                if (n.startsWith(prefix)) {
                  out.put(n, v);
                }
              }
            });
    return out;
  }

  static Operand<TFloat32> l2normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> sq =
        tf.sum(tf.math.square(x), tf.constant(-1), org.tensorflow.op.core.Sum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.add(sq, tf.constant(1e-8f))));
  }

  /**
   * Symmetric InfoNCE with a learned temperature: soft targets (row-normalised caption equality) so
   * duplicate captions in a batch count as positives.
   */
  static Operand<TFloat32> clipLoss(
      Ops tf,
      Operand<TFloat32> image,
      Operand<TFloat32> text,
      Variable<TFloat32> logitScale,
      Operand<TFloat32> targets) {
    Operand<TFloat32> scale =
        tf.math.exp(tf.math.minimum(logitScale, tf.constant((float) Math.log(100))));
    Operand<TFloat32> logits =
        tf.math.mul(
            scale,
            tf.linalg.matMul(
                l2normalize(tf, image), l2normalize(tf, text), MatMul.transposeB(true)));
    Operand<TFloat32> i2t = crossEntropy(tf, logits, targets);
    Operand<TFloat32> t2i =
        crossEntropy(tf, tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})), targets);
    return tf.math.mul(tf.math.add(i2t, t2i), tf.constant(0.5f));
  }

  private static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
    Operand<TFloat32> ll = tf.sum(tf.math.mul(targets, tf.nn.logSoftmax(logits)), tf.constant(1));
    return tf.math.neg(tf.math.mean(ll, tf.constant(0), Mean.keepDims(false)));
  }
}

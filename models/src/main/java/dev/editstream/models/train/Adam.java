package dev.editstream.models.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam with global-norm gradient clipping over an explicit variable list, and an exponential moving
 * average of those variables updated after each step. Written with {@code tf.gradients} and {@code
 * ApplyAdam} rather than tensorflow-framework's optimizer, which differentiates every variable of
 * the graph (the frozen text encoder and the EMA copies included). Learning rate, bias corrections
 * and EMA decay are fed per step, so a resumed run continues exactly.
 */
final class Adam {
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TFloat32> beta1Power;
  final Placeholder<TFloat32> beta2Power;
  final Placeholder<TFloat32> emaDecay;
  final Operand<TFloat32> gradNorm;
  final Op step;
  final Op emaCopy;
  final Op emaUpdate;

  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;

  Adam(
      Ops tf,
      Operand<TFloat32> loss,
      Map<String, Variable<TFloat32>> vars,
      float clip,
      boolean ema) {
    learningRate =
        tf.withName("adam_lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta1Power =
        tf.withName("adam_b1p").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power =
        tf.withName("adam_b2p").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    emaDecay =
        tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    List<Operand<?>> xs = new ArrayList<>(vars.values());
    var grads = tf.gradients(loss, xs);
    List<Operand<TFloat32>> g = new ArrayList<>();
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gi = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
      g.add(gi);
      squares.add(tf.sum(tf.math.square(gi), tf.constant(allAxes(gi))));
    }
    gradNorm = tf.math.sqrt(tf.math.addN(squares));
    Operand<TFloat32> scale =
        tf.math.div(tf.constant(clip), tf.math.maximum(gradNorm, tf.constant(clip)));
    List<Op> updates = new ArrayList<>();
    List<Op> copies = new ArrayList<>();
    List<Variable<TFloat32>> emaVars = new ArrayList<>();
    int i = 0;
    for (var e : vars.entrySet()) {
      Variable<TFloat32> v = e.getValue();
      Variable<TFloat32> m = slot(tf, e.getKey() + "_adam_m", v);
      Variable<TFloat32> s = slot(tf, e.getKey() + "_adam_v", v);
      updates.add(
          tf.train.applyAdam(
              v,
              m,
              s,
              beta1Power,
              beta2Power,
              learningRate,
              tf.constant(BETA1),
              tf.constant(BETA2),
              tf.constant(1e-8f),
              tf.math.mul(g.get(i++), scale)));
      if (ema) {
        emaVars.add(slot(tf, "ema_" + e.getKey(), v));
      }
    }
    step = tf.withControlDependencies(updates).noOp();
    List<Op> emaUpdates = new ArrayList<>();
    Ops after = tf.withControlDependencies(List.of(step));
    int j = 0;
    for (Variable<TFloat32> v : ema ? vars.values() : List.<Variable<TFloat32>>of()) {
      Variable<TFloat32> shadow = emaVars.get(j++);
      copies.add(tf.assign(shadow, v));
      Operand<TFloat32> delta =
          after.math.mul(after.math.sub(tf.constant(1f), emaDecay), after.math.sub(shadow, v));
      emaUpdates.add(after.assignSub(shadow, delta));
    }
    emaCopy = tf.withControlDependencies(copies).noOp();
    emaUpdate =
        tf.withControlDependencies(emaUpdates.isEmpty() ? List.of(step) : emaUpdates).noOp();
  }

  private static Variable<TFloat32> slot(Ops tf, String name, Variable<TFloat32> like) {
    Shape shape = like.shape();
    Variable<TFloat32> v = tf.withInitScope().withName(name).variable(shape, TFloat32.class);
    Ops s = tf.withInitScope();
    s.withName(name + "_init").assign(v, s.fill(s.constant(shape.asArray()), s.constant(0f)));
    return v;
  }

  private static int[] allAxes(Operand<?> x) {
    int[] a = new int[x.shape().numDimensions()];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Learning rate at step k: linear warmup, then cosine decay to 10% of the peak. */
  static float schedule(float peak, long warmup, long total, long k) {
    if (k < warmup) {
      return peak * (k + 1) / warmup;
    }
    double f = Math.min(1.0, (k - warmup) / (double) Math.max(1, total - warmup));
    return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * f))));
  }

  /** EMA decay at step k: warms up from 0 towards 0.999. */
  static float emaDecayAt(long k) {
    return (float) Math.min(0.999, (1.0 + k) / (10.0 + k));
  }
}

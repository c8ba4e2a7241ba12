package dev.editstream.models.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one graph, created on first use and shared by every later use of the same name
 * (so one graph can hold several forward passes over the same weights). Names are flat (no '/':
 * TensorFlow Java's optimizers and savers reject them). When {@code initialize} is false the
 * variables get no initializers: they are restored from a checkpoint instead.
 */
final class Params {
  /** How a variable starts. */
  enum Init {
    /** Truncated normal with std = gain / sqrt(fan-in). */
    FAN_IN,
    /** Zeros (biases, residual-branch outputs). */
    ZEROS,
    /** Ones (norm scales). */
    ONES
  }

  private final Ops tf;
  private final boolean initialize;
  private final long seed;
  private final Map<String, Variable<TFloat32>> vars = new LinkedHashMap<>();

  Params(Ops tf, boolean initialize, long seed) {
    this.tf = tf;
    this.initialize = initialize;
    this.seed = seed;
  }

  Ops tf() {
    return tf;
  }

  /** The variable {@code name}, created with {@code shape} and {@code init} if new. */
  Variable<TFloat32> get(String name, long[] shape, Init init, long fanIn, float gain) {
    Variable<TFloat32> v = vars.get(name);
    if (v != null) {
      return v;
    }
    v = tf.withInitScope().withName(name).variable(Shape.of(shape), TFloat32.class);
    if (initialize) {
      tf.withInitScope().withName(name + "_init").assign(v, initial(shape, init, fanIn, gain));
    }
    vars.put(name, v);
    return v;
  }

  /** A single constant-initialised variable (e.g. the CLIP temperature). */
  Variable<TFloat32> scalar(String name, float value) {
    Variable<TFloat32> v = vars.get(name);
    if (v != null) {
      return v;
    }
    v = tf.withInitScope().withName(name).variable(Shape.scalar(), TFloat32.class);
    if (initialize) {
      tf.withInitScope().withName(name + "_init").assign(v, tf.withInitScope().constant(value));
    }
    vars.put(name, v);
    return v;
  }

  private Operand<TFloat32> initial(long[] shape, Init init, long fanIn, float gain) {
    Ops s = tf.withInitScope();
    switch (init) {
      case ZEROS:
        return s.fill(s.constant(shape), s.constant(0f));
      case ONES:
        return s.fill(s.constant(shape), s.constant(1f));
      default:
        long opSeed = seed * 1_000_003L + vars.size() + 1;
        Operand<TFloat32> n =
            s.random.truncatedNormal(
                s.constant(shape),
                TFloat32.class,
                TruncatedNormal.seed(opSeed).seed2(vars.size() + 17L));
        // truncated at 2 std: its std is 0.88 of the unit normal's
        return s.math.mul(n, s.constant((float) (gain / Math.sqrt(fanIn) / 0.88)));
    }
  }

  /** Every variable whose name starts with {@code prefix}, in creation order. */
  List<Variable<TFloat32>> withPrefix(String prefix) {
    List<Variable<TFloat32>> out = new ArrayList<>();
    vars.forEach(
        (n, v) -> {
          if (n.startsWith(prefix)) {
            out.add(v);
          }
        });
    return out;
  }

  /** Every variable by name, in creation order. */
  Map<String, Variable<TFloat32>> all() {
    return vars;
  }

  /** Number of scalar parameters among the variables with {@code prefix}. */
  long count(String prefix) {
    long n = 0;
    for (Variable<TFloat32> v : withPrefix(prefix)) {
      n += v.shape().size();
    }
    return n;
  }
}

package dev.editstream.models;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable float tensor on the Java heap: a shape and its row-major values. The values are
 * copied in and out, so instances can be shared between threads.
 */
public final class FloatTensor {
  private final int[] shape;
  private final float[] values;

  private FloatTensor(float[] values, int[] shape) {
    this.shape = shape;
    this.values = values;
  }

  /**
   * A tensor holding a copy of {@code values} with {@code shape}.
   *
   * @throws IllegalArgumentException when the shape's element count differs from values.length
   */
  public static FloatTensor of(float[] values, int... shape) {
    checkCount(values.length, shape);
    return new FloatTensor(values.clone(), shape.clone());
  }

  /** A tensor of zeros. */
  public static FloatTensor zeros(int... shape) {
    return new FloatTensor(new float[count(shape)], shape.clone());
  }

  /** Wraps without copying; callers inside the package give up the array. */
  static FloatTensor wrap(float[] values, int... shape) {
    checkCount(values.length, shape);
    return new FloatTensor(values, shape);
  }

  /** Stacks equally shaped tensors along a new leading axis... or concatenates along axis 0. */
  public static FloatTensor concat(List<FloatTensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    int[] first = parts.get(0).shape;
    int total = 0;
    int rows = 0;
    for (FloatTensor p : parts) {
      if (p.shape.length != first.length
          || !Arrays.equals(p.shape, 1, p.shape.length, first, 1, first.length)) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(p.shape) + " does not match " + Arrays.toString(first));
      }
      total += p.values.length;
      rows += p.shape[0];
    }
    float[] out = new float[total];
    int at = 0;
    for (FloatTensor p : parts) {
      System.arraycopy(p.values, 0, out, at, p.values.length);
      at += p.values.length;
    }
    int[] shape = first.clone();
    shape[0] = rows;
    return new FloatTensor(out, shape);
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of values. */
  public int size() {
    return values.length;
  }

  /** The values in row-major order (a copy). */
  public float[] values() {
    return values.clone();
  }

  /** Value at a flat row-major index. */
  public float get(int flatIndex) {
    return values[flatIndex];
  }

  /** Rows {@code [from, to)} along axis 0. */
  public FloatTensor rows(int from, int to) {
    int per = values.length / shape[0];
    int[] s = shape.clone();
    s[0] = to - from;
    return new FloatTensor(Arrays.copyOfRange(values, from * per, to * per), s);
  }

  /** The array itself, for package code that only reads it. */
  float[] array() {
    return values;
  }

  static int count(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    return Math.toIntExact(n);
  }

  private static void checkCount(int length, int[] shape) {
    if (count(shape) != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count(shape) + " values, got " + length);
    }
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}

package dev.editstream.models;

import java.util.Arrays;

/** An immutable int tensor on the Java heap (token ids, timesteps): a shape and its values. */
public final class IntTensor {
  private final int[] shape;
  private final int[] values;

  private IntTensor(int[] values, int[] shape) {
    this.values = values;
    this.shape = shape;
  }

  /** A tensor holding a copy of {@code values} with {@code shape}. */
  public static IntTensor of(int[] values, int... shape) {
    if (FloatTensor.count(shape) != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
    }
    return new IntTensor(values.clone(), shape.clone());
  }

  /** Rows of equal length stacked into a (rows, length) tensor, e.g. token ids of prompts. */
  public static IntTensor ofRows(int[]... rows) {
    int len = rows.length == 0 ? 0 : rows[0].length;
    int[] out = new int[rows.length * len];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != len) {
        throw new IllegalArgumentException("row " + i + " has length " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, out, i * len, len);
    }
    return new IntTensor(out, new int[] {rows.length, len});
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** The values (a copy). */
  public int[] values() {
    return values.clone();
  }

  int[] array() {
    return values;
  }

  @Override
  public String toString() {
    return "IntTensor" + Arrays.toString(shape);
  }
}

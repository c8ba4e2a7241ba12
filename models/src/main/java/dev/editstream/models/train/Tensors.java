package dev.editstream.models.train;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Host arrays to tensors and back, for the training and evaluation code. */
final class Tensors {
  private Tensors() {}

  static TFloat32 floats(float[] v, long... dims) {
    return TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(v, true, false));
  }

  static TInt32 ints(int[] v, long... dims) {
    return TInt32.tensorOf(Shape.of(dims), DataBuffers.of(v, true, false));
  }

  static TFloat32 scalar(float v) {
    return TFloat32.scalarOf(v);
  }

  static float[] read(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[Math.toIntExact(f.shape().size())];
    f.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static float[][] rows(Tensor t) {
    long[] s = t.shape().asArray();
    float[] flat = read(t);
    int n = (int) s[0];
    int w = flat.length / Math.max(1, n);
    float[][] out = new float[n][w];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * w, out[i], 0, w);
    }
    return out;
  }
}

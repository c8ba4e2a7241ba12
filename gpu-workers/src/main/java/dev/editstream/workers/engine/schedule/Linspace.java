package dev.editstream.workers.engine.schedule;

/**
 * Evenly spaced grids computed the way numpy and torch compute them, so that derived numbers match
 * the ecosystem's bit for bit.
 */
final class Linspace {
  private Linspace() {}

  /** numpy's {@code linspace(start, stop, n)} in double: {@code start + i * step}, last = stop. */
  static double[] doubles(double start, double stop, int n) {
    double[] out = new double[n];
    if (n == 1) {
      out[0] = start;
      return out;
    }
    double step = (stop - start) / (n - 1);
    for (int i = 0; i < n; i++) {
      out[i] = start + i * step;
    }
    out[n - 1] = stop;
    return out;
  }

  /**
   * torch's CPU {@code linspace(start, end, n, dtype=float32)}: float arithmetic, the first half
   * counted up from start and the second half counted down from end.
   */
  static float[] floats(float start, float end, int n) {
    float[] out = new float[n];
    if (n == 1) {
      out[0] = start;
      return out;
    }
    float step = (end - start) / (float) (n - 1);
    int halfway = n / 2;
    for (int i = 0; i < n; i++) {
      out[i] = i < halfway ? start + step * (float) i : end - step * (float) (n - i - 1);
    }
    return out;
  }
}

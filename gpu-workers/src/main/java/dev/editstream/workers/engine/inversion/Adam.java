package dev.editstream.workers.engine.inversion;

/**
 * Adam on a host-side parameter vector, as PyTorch's {@code torch.optim.Adam} (bias-corrected
 * moments, no weight decay). One instance optimises one vector for one sampling step; it is not
 * shared.
 */
final class Adam {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private int t;

  Adam(int size, double learningRate, NullTextSettings s) {
    this.learningRate = learningRate;
    this.beta1 = s.beta1();
    this.beta2 = s.beta2();
    this.epsilon = s.epsilon();
    this.m = new double[size];
    this.v = new double[size];
  }

  /** Updates {@code params} in place with gradient {@code grad}. */
  void step(float[] params, float[] grad) {
    t++;
    // StrictMath: Math.pow may differ by an ulp between JVMs, and the result bytes must not
    double c1 = 1 - StrictMath.pow(beta1, t);
    double c2 = 1 - StrictMath.pow(beta2, t);
    for (int i = 0; i < params.length; i++) {
      double g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      double mHat = m[i] / c1;
      double vHat = v[i] / c2;
      params[i] = (float) (params[i] - learningRate * mHat / (Math.sqrt(vHat) + epsilon));
    }
  }
}

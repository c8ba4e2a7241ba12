package dev.editstream.workers.engine.ipc;

/**
 * Moore–Penrose pseudo-inverse through a symmetric eigen-decomposition (cyclic Jacobi), truncating
 * singular values below a threshold as SD-IPC does (its footnote: values under 0.3 count as 0).
 */
final class PseudoInverse {
  private PseudoInverse() {}

  /**
   * pinv of the transpose of {@code w} (rows × cols, row-major): a rows × cols matrix P with {@code
   * x ≈ P · (wᵀ x)}. Singular values below {@code max(absolute, relative · σmax)} are dropped.
   */
  static double[][] ofTranspose(double[][] w, double absolute, double relative) {
    int rows = w.length;
    int cols = w[0].length;
    // S = W Wᵀ (rows × rows); pinv(Wᵀ) = S⁺ W
    double[][] s = new double[rows][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < rows; j++) {
        double acc = 0;
        for (int k = 0; k < cols; k++) {
          acc += w[i][k] * w[j][k];
        }
        s[i][j] = acc;
      }
    }
    double[][] v = new double[rows][rows];
    double[] lambda = jacobi(s, v);
    double maxSigma = 0;
    for (double l : lambda) {
      maxSigma = Math.max(maxSigma, Math.sqrt(Math.max(l, 0)));
    }
    double cut = Math.max(absolute, relative * maxSigma);
    double[][] sPinv = new double[rows][rows];
    for (int e = 0; e < rows; e++) {
      double sigma = Math.sqrt(Math.max(lambda[e], 0));
      if (sigma <= cut || sigma == 0) {
        continue;
      }
      double inv = 1 / lambda[e];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < rows; j++) {
          sPinv[i][j] += v[i][e] * inv * v[j][e];
        }
      }
    }
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < rows; k++) {
        double f = sPinv[i][k];
        if (f != 0) {
          for (int j = 0; j < cols; j++) {
            out[i][j] += f * w[k][j];
          }
        }
      }
    }
    return out;
  }

  /** Eigenvalues of symmetric {@code a} (destroyed); eigenvectors into the columns of {@code v}. */
  static double[] jacobi(double[][] a, double[][] v) {
    int n = a.length;
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-22) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i][i];
    }
    return out;
  }
}

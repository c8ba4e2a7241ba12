package dev.editstream.workers.engine.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PseudoInverseTest {

  @Test
  void invertsAFullRankProjection() {
    Random r = new Random(7);
    int d = 6;
    int e = 9;
    double[][] w = new double[d][e];
    for (double[] row : w) {
      for (int j = 0; j < e; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[][] p = PseudoInverse.ofTranspose(w, 0, 1e-9);
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = r.nextGaussian();
    }
    // y = Wᵀ x, then P y gives x back
    double[] y = new double[e];
    for (int j = 0; j < e; j++) {
      for (int i = 0; i < d; i++) {
        y[j] += w[i][j] * x[i];
      }
    }
    for (int i = 0; i < d; i++) {
      double back = 0;
      for (int j = 0; j < e; j++) {
        back += p[i][j] * y[j];
      }
      assertThat(back).isCloseTo(x[i], within(1e-9));
    }
  }

  @Test
  void dropsSingularValuesUnderTheCut() {
    // Wᵀ = diag(2, 0.01): the small direction is dropped by a relative cut of 0.1
    double[][] w = {{2, 0}, {0, 0.01}};
    double[][] p = PseudoInverse.ofTranspose(w, 0, 0.1);
    assertThat(p[0][0]).isCloseTo(0.5, within(1e-12));
    assertThat(p[1][1]).isCloseTo(0.0, within(1e-12));
    double[][] full = PseudoInverse.ofTranspose(w, 0, 0);
    assertThat(full[1][1]).isCloseTo(100.0, within(1e-6));
  }
}

package dev.editstream.workers.engine.control;

/**
 * Global (Needleman–Wunsch) alignment of two token sequences with prompt-to-prompt's scores (gap 0,
 * match 1, mismatch −1) and its tie-breaking (left, then up, then diagonal).
 */
final class SequenceAligner {
  private static final int GAP = 0;
  private static final int MATCH = 1;
  private static final int MISMATCH = -1;
  private static final int LEFT = 1;
  private static final int UP = 2;
  private static final int DIAG = 3;

  private SequenceAligner() {}

  /** For each position j of y, the aligned position in x, or −1 when y[j] is new. */
  static int[] align(int[] x, int[] y) {
    int[][] score = new int[x.length + 1][y.length + 1];
    int[][] trace = new int[x.length + 1][y.length + 1];
    for (int j = 1; j <= y.length; j++) {
      score[0][j] = j * GAP;
      trace[0][j] = LEFT;
    }
    for (int i = 1; i <= x.length; i++) {
      score[i][0] = i * GAP;
      trace[i][0] = UP;
    }
    for (int i = 1; i <= x.length; i++) {
      for (int j = 1; j <= y.length; j++) {
        int left = score[i][j - 1] + GAP;
        int up = score[i - 1][j] + GAP;
        int diag = score[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? MATCH : MISMATCH);
        int best = Math.max(left, Math.max(up, diag));
        score[i][j] = best;
        trace[i][j] = best == left ? LEFT : best == up ? UP : DIAG;
      }
    }
    int[] yToX = new int[y.length];
    int i = x.length;
    int j = y.length;
    while (i > 0 || j > 0) {
      int move = trace[i][j];
      if (move == DIAG) {
        i--;
        j--;
        yToX[j] = i;
      } else if (move == LEFT) {
        j--;
        yToX[j] = -1;
      } else {
        i--;
      }
    }
    return yToX;
  }
}

package dev.topowatch.topology;

/**
 * Solves a small dense linear system A·x = b by Gaussian elimination with partial pivoting: the
 * normal equations of θ's ridge fit (3×3) and of the experiment's hinge fits (2×2, 3×3). Sizes this
 * small need no library; the caller keeps the system non-singular (a ridge term, say).
 */
public final class LinearSystem {
  private LinearSystem() {}

  /**
   * x with A·x = b; neither argument is changed.
   *
   * @throws IllegalArgumentException if A is not n×n for b of length n, or A is singular
   */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      if (a.length != n || a[i].length != n) {
        throw new IllegalArgumentException("need an " + n + "×" + n + " matrix for " + n + " right-hand values");
      }
      m[i] = a[i].clone();
    }
    double[] v = b.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (m[pivot][col] == 0) {
        throw new IllegalArgumentException("singular matrix: column " + col + " has no pivot");
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      double tv = v[col];
      v[col] = v[pivot];
      v[pivot] = tv;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int c = col; c < n; c++) {
          m[r][c] -= f * m[col][c];
        }
        v[r] -= f * v[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = v[r];
      for (int c = r + 1; c < n; c++) {
        s -= m[r][c] * x[c];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }
}

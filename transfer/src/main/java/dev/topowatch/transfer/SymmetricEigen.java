package dev.topowatch.transfer;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations. LogME needs
 * the spectrum of FᵀF and H-score the pseudo-inverse of a covariance; both are small (D × D with D
 * the feature width), and Jacobi is accurate to the last bits for symmetric matrices.
 */
final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;

  /** {@code values[k]} belongs to the eigenvector in column k of {@code vectors}. */
  final double[] values;
  final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /** Decomposes {@code a} (only read, must be symmetric) as V diag(values) Vᵀ. */
  static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < n; p++) {
        diag += m[p][p] * m[p][p];
        for (int q = p + 1; q < n; q++) {
          off += m[p][q] * m[p][q];
        }
      }
      if (off == 0 || off <= 1e-30 * diag) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] != 0) {
            rotate(m, v, p, q);
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = m[i][i];
    }
    return new SymmetricEigen(values, v);
  }

  /** One rotation in the (p, q) plane that zeroes m[p][q] (Golub and Van Loan, algorithm 8.4.1). */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    double apq = m[p][q];
    double tau = (m[q][q] - m[p][p]) / (2 * apq);
    double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
    if (tau == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(1 + t * t);
    double s = t * c;
    int n = m.length;
    for (int k = 0; k < n; k++) {
      double mkp = m[k][p];
      double mkq = m[k][q];
      m[k][p] = c * mkp - s * mkq;
      m[k][q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p][k];
      double mqk = m[q][k];
      m[p][k] = c * mpk - s * mqk;
      m[q][k] = s * mpk + c * mqk;
    }
    m[p][q] = 0;
    m[q][p] = 0;
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }
}

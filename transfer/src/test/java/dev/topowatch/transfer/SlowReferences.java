package dev.topowatch.transfer;

/**
 * The four scores written straight from their papers' formulas, with no eigendecomposition and no
 * shortcut: explicit matrices, Gauss–Jordan inverses, determinants by elimination, sums over
 * samples. Slow and obviously correct, for the property tests.
 */
final class SlowReferences {
  private SlowReferences() {}

  /**
   * LogME by the same fixed-point schedule, with A = αI + βFᵀF formed and inverted: γ = tr(βFᵀF A⁻¹)
   * (= Σ βσ/(α + βσ)), m = βA⁻¹Fᵀy, evidence with log det A.
   */
  static double logMe(double[][] f, int[] labels) {
    int n = f.length;
    int d = f[0].length;
    int classes = max(labels) + 1;
    double[][] ftf = new double[d][d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        for (int i = 0; i < n; i++) {
          ftf[a][b] += f[i][a] * f[i][b];
        }
      }
    }
    double total = 0;
    for (int c = 0; c < classes; c++) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = labels[i] == c ? 1 : 0;
      }
      double[] fty = new double[d];
      for (int a = 0; a < d; a++) {
        for (int i = 0; i < n; i++) {
          fty[a] += f[i][a] * y[i];
        }
      }
      double alpha = 1;
      double beta = 1;
      double lambda = 1;
      double alphaDe = 0;
      double betaDe = 0;
      for (int round = 0; round < 11; round++) {
        double[][] a = new double[d][d];
        for (int r = 0; r < d; r++) {
          for (int s = 0; s < d; s++) {
            a[r][s] = beta * ftf[r][s] + (r == s ? alpha : 0);
          }
        }
        double[][] inv = inverse(a);
        double gamma = 0; // tr(βFᵀF A⁻¹), the effective number of parameters
        for (int r = 0; r < d; r++) {
          for (int s = 0; s < d; s++) {
            gamma += beta * ftf[r][s] * inv[s][r];
          }
        }
        double[] m = new double[d];
        for (int r = 0; r < d; r++) {
          for (int s = 0; s < d; s++) {
            m[r] += beta * inv[r][s] * fty[s];
          }
        }
        alphaDe = 0;
        for (double v : m) {
          alphaDe += v * v;
        }
        alpha = gamma / alphaDe;
        betaDe = 0;
        for (int i = 0; i < n; i++) {
          double fit = 0;
          for (int r = 0; r < d; r++) {
            fit += f[i][r] * m[r];
          }
          betaDe += (y[i] - fit) * (y[i] - fit);
        }
        beta = (n - gamma) / betaDe;
        double next = alpha / beta;
        if (Math.abs(next - lambda) / lambda < 0.01) {
          break;
        }
        lambda = next;
      }
      double[][] a = new double[d][d];
      for (int r = 0; r < d; r++) {
        for (int s = 0; s < d; s++) {
          a[r][s] = beta * ftf[r][s] + (r == s ? alpha : 0);
        }
      }
      double evidence = d / 2.0 * Math.log(alpha) + n / 2.0 * Math.log(beta) - 0.5 * logDet(a)
          - beta / 2.0 * betaDe - alpha / 2.0 * alphaDe - n / 2.0 * Math.log(2 * Math.PI);
      total += evidence / n;
    }
    return total / classes;
  }

  /** LEEP: P̂(y, z), P̂(z), P̂(y | z) by sums over samples, then the mean log EEP likelihood. */
  static double leep(double[][] p, int[] labels) {
    int n = p.length;
    int zs = p[0].length;
    int classes = max(labels) + 1;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double eep = 0;
      for (int z = 0; z < zs; z++) {
        double joint = 0;
        double marginal = 0;
        for (int j = 0; j < n; j++) {
          marginal += p[j][z] / n;
          if (labels[j] == labels[i]) {
            joint += p[j][z] / n;
          }
        }
        eep += joint / marginal * p[i][z];
      }
      sum += Math.log(eep);
    }
    assert classes > 0;
    return sum / n;
  }

  /** NCE: −H(Y | Z) = Σ_z P(z) Σ_y P(y | z) log P(y | z), with z the argmax source class. */
  static double nce(double[][] p, int[] labels) {
    int n = p.length;
    int zs = p[0].length;
    int classes = max(labels) + 1;
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 1; k < zs; k++) {
        if (p[i][k] > p[i][z[i]]) {
          z[i] = k;
        }
      }
    }
    double h = 0;
    for (int k = 0; k < zs; k++) {
      int nz = 0;
      for (int i = 0; i < n; i++) {
        nz += z[i] == k ? 1 : 0;
      }
      if (nz == 0) {
        continue;
      }
      double pz = (double) nz / n;
      for (int y = 0; y < classes; y++) {
        int nyz = 0;
        for (int i = 0; i < n; i++) {
          nyz += z[i] == k && labels[i] == y ? 1 : 0;
        }
        if (nyz > 0) {
          double cond = (double) nyz / nz;
          h -= pz * cond * Math.log(cond);
        }
      }
    }
    return -h;
  }

  /** H-score: tr(cov(f)⁻¹ cov(g)) with g the class-mean matrix (features of full rank). */
  static double hScore(double[][] f, int[] labels) {
    int n = f.length;
    int d = f[0].length;
    double[][] g = new double[n][d];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int j = 0; j < n; j++) {
        if (labels[j] == labels[i]) {
          count++;
          for (int a = 0; a < d; a++) {
            g[i][a] += f[j][a];
          }
        }
      }
      for (int a = 0; a < d; a++) {
        g[i][a] /= count;
      }
    }
    double[][] cf = inverse(covariance(f));
    double[][] cg = covariance(g);
    double trace = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        trace += cf[a][b] * cg[b][a];
      }
    }
    return trace;
  }

  private static double[][] covariance(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int a = 0; a < d; a++) {
        mean[a] += row[a] / n;
      }
    }
    double[][] c = new double[d][d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        for (double[] row : x) {
          c[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
        }
      }
    }
    return c;
  }

  /** Gauss–Jordan elimination with partial pivoting. */
  static double[][] inverse(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][2 * n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(m[r], 0, a[r], 0, n);
      a[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double p = a[col][col];
      for (int c = 0; c < 2 * n; c++) {
        a[col][c] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != col && a[r][col] != 0) {
          double factor = a[r][col];
          for (int c = 0; c < 2 * n; c++) {
            a[r][c] -= factor * a[col][c];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(a[r], n, inv[r], 0, n);
    }
    return inv;
  }

  /** log det of a positive-definite matrix by elimination (product of pivots). */
  static double logDet(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    for (int r = 0; r < n; r++) {
      a[r] = m[r].clone();
    }
    double log = 0;
    for (int col = 0; col < n; col++) {
      for (int r = col + 1; r < n; r++) {
        double factor = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= factor * a[col][c];
        }
      }
      log += Math.log(a[col][col]);
    }
    return log;
  }

  private static int max(int[] labels) {
    int m = 0;
    for (int y : labels) {
      m = Math.max(m, y);
    }
    return m;
  }
}

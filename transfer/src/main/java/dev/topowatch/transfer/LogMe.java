package dev.topowatch.transfer;

/**
 * LogME (You, Liu, Wang, Long, "LogME: Practical Assessment of Pre-trained Models for Transfer
 * Learning", ICML 2021): the log marginal likelihood (evidence) of the target labels under a
 * Bayesian linear model on the features, per sample, averaged over the one-hot label columns.
 * Higher is better.
 *
 * <p>For each class c, y = 1[label = c], F the N × D features: prior w ~ N(0, α⁻¹I), noise N(0,
 * β⁻¹); α and β maximise the evidence by the paper's fixed-point iteration (its Algorithm 1, as in
 * the authors' reference code {@code LogME.py} of the ICML release): with σ the eigenvalues of FᵀF
 * and λ = α/β, γ = Σ σ/(σ + λ), m = β(αI + βFᵀF)⁻¹Fᵀy, α ← γ/mᵀm, β ← (N − γ)/‖y − Fm‖², at
 * most 11 rounds, stopping when λ moves by less than 1 %. The evidence is then
 * (D/2) log α + (N/2) log β − ½ Σ log(α + βσ) − (β/2)‖y − Fm‖² − (α/2) mᵀm − (N/2) log 2π, over N.
 */
public final class LogMe {
  private static final int MAX_ROUNDS = 11;

  private LogMe() {}

  /**
   * @param features N rows of D features
   * @param labels N class labels in 0..C-1, every class present
   * @throws IllegalArgumentException on mismatched or non-finite input, or a degenerate fit
   */
  public static double score(double[][] features, int[] labels) {
    int classes = Inputs.classes(features, labels, "features");
    int n = features.length;
    int d = features[0].length;
    double[][] gram = new double[d][d];
    for (double[] row : features) {
      for (int a = 0; a < d; a++) {
        double ra = row[a];
        if (ra == 0) {
          continue;
        }
        for (int b = a; b < d; b++) {
          gram[a][b] += ra * row[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(gram);
    double[] sigma = new double[d];
    for (int k = 0; k < d; k++) {
      sigma[k] = Math.abs(eig.values[k]); // the reference takes singular values of FᵀF
    }
    double total = 0;
    for (int c = 0; c < classes; c++) {
      total += evidence(features, labels, c, eig.vectors, sigma);
    }
    double score = total / classes;
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("LogME evidence is not finite (features that fit the labels exactly, or all zero?)");
    }
    return score;
  }

  private static double evidence(double[][] f, int[] labels, int c, double[][] v, double[] sigma) {
    int n = f.length;
    int d = sigma.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[i] == c ? 1 : 0;
    }
    double[] fty = new double[d];
    for (int i = 0; i < n; i++) {
      if (y[i] != 0) {
        for (int a = 0; a < d; a++) {
          fty[a] += f[i][a];
        }
      }
    }
    double[] tmp = new double[d]; // Vᵀ Fᵀ y
    for (int k = 0; k < d; k++) {
      double s = 0;
      for (int a = 0; a < d; a++) {
        s += v[a][k] * fty[a];
      }
      tmp[k] = s;
    }
    double alpha = 1;
    double beta = 1;
    double lambda = 1;
    double alphaDe = 0;
    double betaDe = 0;
    double[] m = new double[d];
    double[] coef = new double[d];
    for (int round = 0; round < MAX_ROUNDS; round++) {
      double gamma = 0;
      for (int k = 0; k < d; k++) {
        gamma += sigma[k] / (sigma[k] + lambda);
        coef[k] = tmp[k] * beta / (alpha + beta * sigma[k]);
      }
      for (int a = 0; a < d; a++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += v[a][k] * coef[k];
        }
        m[a] = s;
      }
      alphaDe = dot(m, m);
      alpha = gamma / alphaDe;
      betaDe = 0;
      for (int i = 0; i < n; i++) {
        double r = y[i] - dot(f[i], m);
        betaDe += r * r;
      }
      beta = (n - gamma) / betaDe;
      double next = alpha / beta;
      if (Math.abs(next - lambda) / lambda < 0.01) {
        break;
      }
      lambda = next;
    }
    double logDet = 0;
    for (int k = 0; k < d; k++) {
      logDet += Math.log(alpha + beta * sigma[k]);
    }
    double evidence = d / 2.0 * Math.log(alpha) + n / 2.0 * Math.log(beta) - 0.5 * logDet
        - beta / 2.0 * betaDe - alpha / 2.0 * alphaDe - n / 2.0 * Math.log(2 * Math.PI);
    return evidence / n;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}

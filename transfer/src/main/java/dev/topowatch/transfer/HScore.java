package dev.topowatch.transfer;

/**
 * H-score (Bao, Li, Huang, Zhang, Zhao, Hong, "An Information-Theoretic Approach to Transferability
 * in Task Transfer Learning", ICIP 2019): tr(cov(f)⁺ cov(E[f | y])), how much of the features'
 * variance the class means explain, measured in the features' own metric. cov is the sample
 * covariance (divisor N − 1) and E[f | y] replaces each sample's features by its class mean. The
 * pseudo-inverse drops eigenvalues below D · ε · λ_max (numpy's default for {@code pinv} of a
 * symmetric matrix), so constant features (dead units) do not blow the score up. Higher is better.
 */
public final class HScore {
  private HScore() {}

  /**
   * @param features N rows of D features
   * @param labels N target labels in 0..C-1, every class present
   */
  public static double score(double[][] features, int[] labels) {
    int classes = Inputs.classes(features, labels, "features");
    int n = features.length;
    int d = features[0].length;
    double[] mean = new double[d];
    double[][] classMean = new double[classes][d];
    int[] count = new int[classes];
    for (int i = 0; i < n; i++) {
      count[labels[i]]++;
      for (int a = 0; a < d; a++) {
        mean[a] += features[i][a] / n;
        classMean[labels[i]][a] += features[i][a];
      }
    }
    for (int c = 0; c < classes; c++) {
      for (int a = 0; a < d; a++) {
        classMean[c][a] /= count[c];
      }
    }
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (double[] row : features) {
      for (int a = 0; a < d; a++) {
        centred[a] = row[a] - mean[a];
      }
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          cov[a][b] += centred[a] * centred[b] / (n - 1);
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(cov);
    double max = 0;
    for (double v : eig.values) {
      max = Math.max(max, Math.abs(v));
    }
    double cutoff = d * Math.ulp(1.0) * max;
    // cov(E[f|y]) = Σ_c (n_c / (N − 1)) (μ_c − μ)(μ_c − μ)ᵀ, so the trace is a sum of quadratic forms.
    double score = 0;
    double[] diff = new double[d];
    for (int c = 0; c < classes; c++) {
      for (int a = 0; a < d; a++) {
        diff[a] = classMean[c][a] - mean[a];
      }
      double form = 0;
      for (int k = 0; k < d; k++) {
        double lambda = eig.values[k];
        if (Math.abs(lambda) <= cutoff) {
          continue;
        }
        double proj = 0;
        for (int a = 0; a < d; a++) {
          proj += eig.vectors[a][k] * diff[a];
        }
        form += proj * proj / lambda;
      }
      score += (double) count[c] / (n - 1) * form;
    }
    return score;
  }
}

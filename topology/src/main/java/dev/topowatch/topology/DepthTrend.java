package dev.topowatch.topology;

/**
 * Whether Ω falls or rises with depth, read directly: Spearman's ρ between layer position (1..L) and
 * Ω, with tied Ω given their average rank. ρ = −1: every deeper layer is simpler; ρ = +1: every
 * deeper layer is more complex. Unlike θ (a shape functional of a fitted cubic, {@link DecayRate}),
 * its sign is the direction of the trend.
 */
public final class DepthTrend {

  private DepthTrend() {}

  /**
   * ρ of Ω over depth; NaN for fewer than three layers (two points always give ±1) or when every Ω
   * is equal (no direction).
   *
   * @throws IllegalArgumentException if a value is not finite
   */
  public static double spearman(double[] omegaPerLayer) {
    int n = omegaPerLayer.length;
    for (double v : omegaPerLayer) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("Omega must be finite, was " + v);
      }
    }
    if (n < 3) {
      return Double.NaN;
    }
    double[] ranks = averageRanks(omegaPerLayer);
    // Pearson correlation of the ranks with 1..n (positions have no ties).
    double meanX = (n + 1) / 2.0;
    double meanR = (n + 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = i + 1 - meanX;
      double dy = ranks[i] - meanR;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  /** 1-based ranks, ties sharing the mean of the ranks they span. */
  static double[] averageRanks(double[] v) {
    int n = v.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}

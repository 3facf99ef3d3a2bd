package dev.topowatch.rank;

import java.util.List;

/**
 * Everything {@link ModelRanker} measured on one candidate.
 *
 * @param name the candidate
 * @param layers the layers that entered θ (agent names, forward order)
 * @param omega Ω per threshold (rows: the absolute thresholds, then the quantiles) and layer
 * @param theta θ per threshold, same rows
 * @param depthTrend Spearman ρ of Ω against layer index per threshold (NaN where Ω is flat)
 * @param featureLayer the layer whose output are the features (the penultimate layer)
 * @param logMe LogME of the features
 * @param hScore H-score of the features
 * @param leep LEEP of the softmax of the last layer
 * @param nce NCE of the same
 */
public record CandidateScores(String name, List<String> layers, double[][] omega, double[] theta, double[] depthTrend,
    String featureLayer, double logMe, double hScore, double leep, double nce) {

  /** Mean θ over the absolute thresholds (the first {@code absolute} rows); NaN when there are none. */
  public double meanTheta(int absolute) {
    return mean(theta, 0, absolute);
  }

  /** Mean θ over the quantile rows. */
  public double meanThetaQuantile(int absolute) {
    return mean(theta, absolute, theta.length);
  }

  /** Mean depth trend over the absolute thresholds, ignoring flat (NaN) ones. */
  public double meanDepthTrend(int absolute) {
    return mean(depthTrend, 0, absolute);
  }

  static double mean(double[] v, int from, int to) {
    double s = 0;
    int n = 0;
    for (int i = from; i < to; i++) {
      if (!Double.isNaN(v[i])) {
        s += v[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}

package dev.topowatch.analyzer.stream;

import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.DepthTrend;
import java.util.Arrays;
import java.util.List;

/**
 * One step's values across depth, per threshold: θ, the depth trend (Spearman ρ of Ω against depth),
 * the late-layer complexity (mean Ω of the last max(1, ⌊L/4⌋) of the L layers that enter θ), and Ω of
 * every analysed layer. Pure: {@link RunState}
 * decides which layers enter and keeps the result.
 *
 * @param theta per threshold; NaN with fewer than two layers or when the fit is undefined (every Ω zero)
 * @param late per threshold; NaN with no layer in θ
 * @param omegaByThreshold [threshold][analysed layer]
 * @param trend per threshold; NaN with fewer than three layers or every Ω equal
 */
record AcrossDepth(double[] theta, double[] late, double[][] omegaByThreshold, double[] trend) {

  /**
   * @param omegaByLayer Ω of every analysed layer, in layer order: [layer][threshold]
   * @param selected the positions in {@code omegaByLayer} of the layers that enter θ, in depth order
   */
  static AcrossDepth of(double[][] omegaByLayer, List<Integer> selected, int thresholds) {
    double[] theta = new double[thresholds];
    double[] late = new double[thresholds];
    double[] trend = new double[thresholds];
    double[][] omegaByThreshold = new double[thresholds][omegaByLayer.length];
    int lateCount = Math.max(1, selected.size() / 4);
    for (int k = 0; k < thresholds; k++) {
      double[] omega = new double[selected.size()];
      for (int j = 0; j < selected.size(); j++) {
        omega[j] = omegaByLayer[selected.get(j)][k];
      }
      for (int i = 0; i < omegaByLayer.length; i++) {
        omegaByThreshold[k][i] = omegaByLayer[i][k];
      }
      theta[k] = theta(omega);
      trend[k] = DepthTrend.spearman(omega);
      late[k] = Arrays.stream(omega, Math.max(0, omega.length - lateCount), omega.length).average().orElse(Double.NaN);
    }
    return new AcrossDepth(theta, late, omegaByThreshold, trend);
  }

  private static double theta(double[] omega) {
    if (omega.length < 2) {
      return Double.NaN;
    }
    try {
      return DecayRate.theta(omega);
    } catch (RuntimeException e) {
      return Double.NaN; // e.g. every Ω zero: the normalisation is undefined
    }
  }
}

package dev.topowatch.analyzer.stream;

import java.util.List;

/** An immutable copy of a run's state, for the HTTP API. Arrays are indexed by threshold first. */
public record RunSnapshot(
    String runId,
    String jobName,
    boolean powergradEnabled,
    double powergradAlpha,
    boolean active,
    String status,
    long samplesProcessed,
    long samplesRejected,
    long latestStep,
    int latestEpoch,
    List<String> thresholds,
    List<LayerView> layers,
    List<ThetaPoint> theta,
    RunEvent.StepMetrics stepMetrics,
    RunEvent.EpochMetrics epochMetrics) {

  /**
   * A layer's values at the latest step that published it; {@code deadFraction} is the mean share of
   * its values ≤ 0 (NaN where unknown), {@code inTheta} whether it entered θ and the depth trend.
   */
  public record LayerView(int index, String name, int[] shape, long step, int samples, double[][] betti, double[] omega,
      double deadFraction, boolean inTheta) {
    public LayerView(int index, String name, int[] shape, long step, int samples, double[][] betti, double[] omega) {
      this(index, name, shape, step, samples, betti, omega, Double.NaN, true);
    }
  }

  /**
   * θ of one step per threshold (NaN when fewer than two layers entered it), how many layers entered
   * it ({@code engine.theta-layers}), whether every expected layer and sample had arrived, the
   * late-layer complexity, and Ω of every analysed layer of the step ({@code layers[i]} is the layer
   * index of {@code omega[threshold][i]}), so the history keeps Ω per layer over training, and the
   * depth trend (Spearman ρ of Ω over the layers that entered θ, per threshold). The last three are
   * null in points restored from journals written before they existed.
   */
  public record ThetaPoint(long step, double[] theta, int layersPresent, boolean complete, double[] lateLayerComplexity,
      int[] layers, double[][] omega, double[] depthTrend) {
    public ThetaPoint(long step, double[] theta, int layersPresent, boolean complete, double[] lateLayerComplexity) {
      this(step, theta, layersPresent, complete, lateLayerComplexity, null, null, null);
    }

    public ThetaPoint(long step, double[] theta, int layersPresent, boolean complete, double[] lateLayerComplexity,
        int[] layers, double[][] omega) {
      this(step, theta, layersPresent, complete, lateLayerComplexity, layers, omega, null);
    }
  }
}

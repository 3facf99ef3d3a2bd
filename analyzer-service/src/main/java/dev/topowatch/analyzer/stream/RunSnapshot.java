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

  /** A layer's values at the latest step that published it. */
  public record LayerView(int index, String name, int[] shape, long step, int samples, double[][] betti, double[] omega) {}

  /**
   * θ of one step per threshold (NaN when fewer than two layers entered it), how many layers entered
   * it ({@code engine.theta-layers}), whether every expected layer and sample had arrived, the
   * late-layer complexity, and Ω of every analysed layer of the step ({@code layers[i]} is the layer
   * index of {@code omega[threshold][i]}), so the history keeps Ω per layer over training. The last two
   * are null in points restored from journals written before they existed.
   */
  public record ThetaPoint(long step, double[] theta, int layersPresent, boolean complete, double[] lateLayerComplexity,
      int[] layers, double[][] omega) {
    public ThetaPoint(long step, double[] theta, int layersPresent, boolean complete, double[] lateLayerComplexity) {
      this(step, theta, layersPresent, complete, lateLayerComplexity, null, null);
    }
  }
}

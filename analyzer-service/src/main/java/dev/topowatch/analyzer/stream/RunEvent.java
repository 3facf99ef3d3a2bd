package dev.topowatch.analyzer.stream;

import java.util.List;

/**
 * Everything that changes a run's state. {@link RunState} is a deterministic function of the
 * sequence of these events. Samples are idempotent per (step, layer, sample) and the other events set
 * values, so applying again a suffix of what was applied (records redelivered in order) changes nothing.
 */
public sealed interface RunEvent {

  /**
   * Betti numbers of one sample ({@code betti[t][d]}), computed and about to be applied, and its dead
   * fraction (share of values ≤ 0; NaN when unknown).
   */
  record SampleApplied(
      long step, int epoch, int layerIndex, String layerName, int sampleIndex, int[] shape, long[][] betti, long timeUnixMs,
      double deadFraction)
      implements RunEvent {
    public SampleApplied(
        long step, int epoch, int layerIndex, String layerName, int sampleIndex, int[] shape, long[][] betti, long timeUnixMs) {
      this(step, epoch, layerIndex, layerName, sampleIndex, shape, betti, timeUnixMs, Double.NaN);
    }

    public SampleKey key() {
      return new SampleKey(step, layerIndex, sampleIndex);
    }
  }

  /** A sample of this run that was rejected (counted once per key in {@code samples_rejected}). */
  record SampleRejected(long step, int layerIndex, int sampleIndex, String reason) implements RunEvent {
    public SampleKey key() {
      return new SampleKey(step, layerIndex, sampleIndex);
    }
  }

  /** A layer as announced by RunStarted. */
  record LayerMeta(int index, String name, int[] shape) {}

  record Started(
      String jobName, boolean powergradEnabled, double powergradAlpha, List<LayerMeta> layers, int samplesPerLayer, long timeUnixMs)
      implements RunEvent {}

  record StepMetrics(
      long step, int epoch, double loss, double accuracy, double learningRate, double logitNorm, long timeUnixMs)
      implements RunEvent {}

  record EpochMetrics(
      int epoch, long step, double trainLoss, double trainAccuracy, boolean hasValidation,
      double validationLoss, double validationAccuracy, long timeUnixMs)
      implements RunEvent {
    /** Training minus validation accuracy; NaN without validation. */
    public double generalizationGap() {
      return hasValidation ? trainAccuracy - validationAccuracy : Double.NaN;
    }
  }

  record Finished(long stepCount, String status, long timeUnixMs) implements RunEvent {}

  /** The layer wait of a step ran out: its θ is computed with the layers present. */
  record StepClosed(long step) implements RunEvent {}
}

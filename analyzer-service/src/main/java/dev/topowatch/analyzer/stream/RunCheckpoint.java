package dev.topowatch.analyzer.stream;

import java.util.List;

/**
 * The whole state of one run at one moment: {@link RunState#checkpoint()} makes it and {@link
 * RunState#restore} rebuilds the same state from it. It is what the run-state changelog stores (JSON,
 * through Jackson's record binding in {@link CheckpointCodec}), so its components are the format:
 * add components freely (older readers skip unknown ones), and bump {@link #FORMAT} for a change that
 * older readers would misread.
 */
public record RunCheckpoint(
    int format,
    String runId,
    List<String> thresholds,
    long lastActivityMs,
    String jobName,
    boolean powergradEnabled,
    double powergradAlpha,
    boolean active,
    String status,
    int expectedLayers,
    int expectedSamples,
    List<RunEvent.LayerMeta> announced,
    long samplesProcessed,
    long samplesRejected,
    long latestStep,
    int latestEpoch,
    RunEvent.StepMetrics stepMetrics,
    RunEvent.EpochMetrics epochMetrics,
    long lowWatermark,
    List<Step> steps,
    List<RunSnapshot.LayerView> published,
    List<RunSnapshot.ThetaPoint> history) {

  /** The format this code writes and reads. */
  public static final int FORMAT = 1;

  /** This checkpoint with another θ history (the newest points of the run's, when it must shrink). */
  public RunCheckpoint withHistory(List<RunSnapshot.ThetaPoint> newest) {
    return new RunCheckpoint(format, runId, thresholds, lastActivityMs, jobName, powergradEnabled, powergradAlpha, active, status,
        expectedLayers, expectedSamples, announced, samplesProcessed, samplesRejected, latestStep, latestEpoch, stepMetrics,
        epochMetrics, lowWatermark, steps, published, List.copyOf(newest));
  }

  /** One retained step ({@link StepAccumulator}): when it opened, whether it closed, and its layers. */
  public record Step(long step, long openedAtMs, boolean closed, boolean complete, List<Layer> layers) {}

  /**
   * One layer of a step: the exact Betti sums ({@code sums[t][d]}), the sample counts, and the sample
   * indices seen (a bit set's words for indices below 2<sup>16</sup>, a list for the others), and the
   * sum of the samples' dead fractions over the {@code deadSamples} that carried one (0 and 0 in
   * checkpoints written before it existed).
   */
  public record Layer(
      int index, String name, int[] shape, long[][] sums, int analysed, int rejected, long[] seen, int[] seenOutside,
      double deadSum, int deadSamples) {
    public Layer(int index, String name, int[] shape, long[][] sums, int analysed, int rejected, long[] seen, int[] seenOutside) {
      this(index, name, shape, sums, analysed, rejected, seen, seenOutside, 0, 0);
    }
  }
}

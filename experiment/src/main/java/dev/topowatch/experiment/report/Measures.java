package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.data.Series;
import java.util.List;

/** The per-run numbers the page compares across runs, at one threshold and layer rule. */
final class Measures {

  /** "Final" values are the mean over the last 10 % of the sampled steps: one step's Ω is a mean of 16 samples only. */
  static final double TAIL = 0.10;

  private Measures() {}

  static Series theta(RunData run, String threshold, LayerRule rule) {
    return perRow(run, threshold, row -> rule.theta(run, row));
  }

  static Series late(RunData run, String threshold, LayerRule rule) {
    return perRow(run, threshold, row -> rule.late(run, row));
  }

  static Series trend(RunData run, String threshold, LayerRule rule) {
    return perRow(run, threshold, row -> rule.trend(run, row));
  }

  /** A value of each topology row at one threshold, against its step. */
  private static Series perRow(RunData run, String threshold, java.util.function.IntToDoubleFunction value) {
    List<Integer> rows = run.topologyRows(threshold);
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = run.topology().num(rows.get(i), "step");
      y[i] = value.applyAsDouble(rows.get(i));
    }
    return new Series(x, y);
  }

  static double finalTrend(RunData run, String threshold, LayerRule rule) {
    return trend(run, threshold, rule).tailMean(TAIL);
  }

  static double finalTheta(RunData run, String threshold, LayerRule rule) {
    return theta(run, threshold, rule).tailMean(TAIL);
  }

  static double finalLate(RunData run, String threshold, LayerRule rule) {
    return late(run, threshold, rule).tailMean(TAIL);
  }

  /** Each run's value of {@code f}, in the grid's order. */
  static double[] each(List<RunData> runs, java.util.function.ToDoubleFunction<RunData> f) {
    return runs.stream().mapToDouble(f).toArray();
  }
}

package dev.topowatch.experiment.report;

import dev.topowatch.analyzer.stream.ThetaLayers;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.topology.DecayRate;
import java.util.ArrayList;
import java.util.List;

/**
 * θ and the late-layer complexity recomputed from the recorded Ω of every layer under a layer rule,
 * with the analyzer's own {@link ThetaLayers} and {@link DecayRate}: the page can compare rules on
 * the same recordings without training again.
 */
record LayerRule(String name, ThetaLayers rule) {

  static final List<LayerRule> ALL = List.of(
      new LayerRule("spatial", ThetaLayers.SPATIAL),
      new LayerRule("all", ThetaLayers.ALL),
      new LayerRule("conv", ThetaLayers.parse("regex:conv2d$")));

  /** The recorded layers this rule keeps, in depth order. */
  List<RunData.Layer> layers(RunData run) {
    List<RunData.Layer> out = new ArrayList<>();
    for (RunData.Layer l : run.layerList()) {
      int[] shape = java.util.Arrays.stream(l.shape().split("x")).mapToInt(Integer::parseInt).toArray();
      if (rule.includes(l.name(), shape)) {
        out.add(l);
      }
    }
    return out;
  }

  /** Ω of the kept layers at one topology row. */
  double[] omega(RunData run, int row) {
    List<RunData.Layer> kept = layers(run);
    double[] omega = new double[kept.size()];
    for (int i = 0; i < omega.length; i++) {
      omega[i] = run.topology().num(row, "omega_" + kept.get(i).index());
    }
    return omega;
  }

  /** θ at one topology row (NaN with fewer than two layers or a missing Ω). */
  double theta(RunData run, int row) {
    double[] omega = omega(run, row);
    for (double v : omega) {
      if (!Double.isFinite(v)) {
        return Double.NaN;
      }
    }
    return omega.length < 2 ? Double.NaN : DecayRate.theta(omega);
  }

  /** Mean Ω of the last quarter (at least one) of the kept layers, as the analyzer computes it. */
  double late(RunData run, int row) {
    double[] omega = omega(run, row);
    int n = Math.max(1, omega.length / 4);
    double sum = 0;
    for (int i = omega.length - n; i < omega.length; i++) {
      sum += omega[i];
    }
    return sum / n;
  }
}

package dev.topowatch.experiment.report;

import dev.topowatch.analyzer.stream.ThetaLayers;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.DepthTrend;
import java.util.ArrayList;
import java.util.List;

/**
 * θ and the late-layer complexity recomputed from the recorded Ω of every layer under a layer rule,
 * with the analyzer's own {@link ThetaLayers} and {@link DecayRate}: the page can compare rules on
 * the same recordings without training again.
 */
record LayerRule(String name, ThetaLayers rule) {

  /** The grid's thresholds, all ≥ 0: a ReLU right after its input duplicates it at every one. */
  private static final double[] GRID_THRESHOLDS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};

  /** The analyzer's default first: spatial layers without the ReLUs that repeat the layer before them. */
  static final List<LayerRule> ALL = List.of(
      new LayerRule("spatial, no duplicates", ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.ABSOLUTE, GRID_THRESHOLDS)),
      new LayerRule("spatial", ThetaLayers.SPATIAL),
      new LayerRule("all", ThetaLayers.ALL),
      new LayerRule("conv", ThetaLayers.parse("regex:conv2d$")));

  /** The rule the analyzer ran with for this recording: the one keeping exactly the layers it marked {@code in_theta}. */
  static LayerRule recordedBy(RunData run) {
    List<Integer> marked = run.layerList().stream().filter(RunData.Layer::inTheta).map(RunData.Layer::index).toList();
    for (LayerRule rule : ALL) {
      if (rule.layers(run).stream().map(RunData.Layer::index).toList().equals(marked)) {
        return rule;
      }
    }
    throw new IllegalStateException(run.id() + ": no known layer rule keeps exactly the layers marked in_theta " + marked);
  }

  /** The recorded layers this rule keeps, in depth order. */
  List<RunData.Layer> layers(RunData run) {
    List<RunData.Layer> out = new ArrayList<>();
    RunData.Layer before = null;
    for (RunData.Layer l : run.layerList()) {
      int[] shape = shape(l);
      boolean adjacent = before != null && before.index() == l.index() - 1;
      if (rule.includes(l.name(), shape, adjacent ? before.name() : null, adjacent ? shape(before) : null)) {
        out.add(l);
      }
      before = l;
    }
    return out;
  }

  private static int[] shape(RunData.Layer l) {
    return java.util.Arrays.stream(l.shape().split("x")).mapToInt(Integer::parseInt).toArray();
  }

  /** The depth trend at one topology row: Spearman ρ of the kept layers' Ω against depth (NaN if undefined). */
  double trend(RunData run, int row) {
    double[] omega = omega(run, row);
    for (double v : omega) {
      if (!Double.isFinite(v)) {
        return Double.NaN;
      }
    }
    return DepthTrend.spearman(omega);
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

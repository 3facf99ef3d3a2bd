package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.data.Series;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.MeanStd;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which layers should enter θ: the same recordings under three layer rules (every layer, the
 * spatial ones, the convolution outputs only), compared on what a monitor needs: whether one layer
 * dominates the fit, how noisy θ is from one sampled step to the next, and how well the final θ
 * ranks the runs by gap and test accuracy. Also checks that the analyzer's own θ is the one the
 * page recomputes for its rule.
 */
final class LayerChoiceSection {

  private final GridData grid;
  private final String threshold;
  private final Path plots;

  LayerChoiceSection(GridData grid, String threshold, Path plots) {
    this.grid = grid;
    this.threshold = threshold;
    this.plots = plots;
  }

  String render() {
    StringBuilder md = new StringBuilder("## Which layers enter Ω's fit (θ)\n\n");
    md.append("Four rules on the same recordings, at η = ").append(threshold).append(": `all` layers, the `spatial` ones (samples "
        + "with at least two dimensions larger than 1), `spatial, no duplicates` (the analyzer's default since issue 17: the "
        + "spatial layers without a ReLU right after the layer it reads), and the convolution outputs only (`conv`). A good "
        + "rule lets no single layer dominate ‖Ω‖, gives a θ that moves smoothly from one sampled step to the next (small "
        + "|Δθ| relative to θ's range over the run), and ranks the runs no worse. Note that at η ≥ 0 a ReLU's output has the same "
        + "sublevel sets as its input, so each `relu` layer repeats the Betti numbers of the convolution before it: the "
        + "`spatial` rule counted those layers twice, which is why the default now leaves them out.\n\n");
    md.append(comparison(grid.deep(), "the grid's deep CNN")).append(comparison(grid.of(Kind.DEMO_MODEL), "the demo's small CNN"));
    md.append(String.format(java.util.Locale.ROOT,
        "The analyzer's recorded θ (under the rule it ran with: `spatial` for this grid) and the θ recomputed here from its recorded Ω (both written with six "
            + "significant digits) differ by at most %.1e over every run, step and threshold.\n\n", maxDifference()));
    for (Kind kind : List.of(Kind.HEALTHY, Kind.OVERFITTING, Kind.DEMO_MODEL)) {
      List<RunData> runs = grid.of(kind);
      if (runs.isEmpty()) {
        continue;
      }
      RunData r = runs.get(0);
      Chart c = new Chart(r.id() + ": θ (η = " + threshold + ") under each layer rule", "training step", "θ");
      int colour = 0;
      for (LayerRule rule : LayerRule.ALL) {
        Series s = Measures.theta(r, threshold, rule);
        c.line(rule.name(), s.x(), s.y(), colour++, false, false, 0);
      }
      String file = "layer-rules-" + kind.label() + ".png";
      c.save(plots.resolve(file));
      md.append("![θ under each layer rule, ").append(r.id()).append("](results/").append(file).append(")\n");
    }
    return md.append('\n').toString();
  }

  private String comparison(List<RunData> runs, String what) {
    if (runs.isEmpty()) {
      return "";
    }
    RunData first = runs.get(0);
    StringBuilder md = new StringBuilder();
    md.append("**").append(what).append("** (").append(runs.size()).append(" runs), layers as the agent reports them: ");
    md.append(String.join(", ", first.layerList().stream().map(l -> "`" + l.name() + "` " + l.shape()).toList())).append(".\n\n");
    Table t = new Table("rule", "layers", "largest layer's share of ‖Ω‖² at the end (mean)", "layer that is largest most often",
        "step-to-step |Δθ| / range of θ (median)", "τ(final θ, gap) (p)", "τ(final θ, test acc.) (p)");
    for (LayerRule rule : LayerRule.ALL) {
      t.row("`" + rule.name() + "`", rule.layers(first).size(), Table.num(MeanStd.of(Measures.each(runs, r -> share(r, rule))).mean(), 2),
          dominant(runs, rule), Table.num(median(Measures.each(runs, r -> roughness(Measures.theta(r, threshold, rule)))), 3),
          TrainingSection.tau(AcrossRunsSection.tau(runs, r -> Measures.finalTheta(r, threshold, rule), RunData::finalGap)),
          TrainingSection.tau(AcrossRunsSection.tau(runs, r -> Measures.finalTheta(r, threshold, rule), RunData::testAccuracy)));
    }
    return md.append(t.markdown()).append('\n').toString();
  }

  /** The largest layer's Ω² over Σ Ω² at the run's last sampled step. */
  private double share(RunData run, LayerRule rule) {
    List<Integer> rows = run.topologyRows(threshold);
    double[] omega = rule.omega(run, rows.get(rows.size() - 1));
    double max = 0;
    double sum = 0;
    for (double v : omega) {
      max = Math.max(max, v * v);
      sum += v * v;
    }
    return sum == 0 ? Double.NaN : max / sum;
  }

  private String dominant(List<RunData> runs, LayerRule rule) {
    Map<String, Integer> counts = new TreeMap<>();
    for (RunData run : runs) {
      List<Integer> rows = run.topologyRows(threshold);
      double[] omega = rule.omega(run, rows.get(rows.size() - 1));
      int best = 0;
      for (int i = 1; i < omega.length; i++) {
        if (omega[i] > omega[best]) {
          best = i;
        }
      }
      counts.merge(rule.layers(run).get(best).name(), 1, Integer::sum);
    }
    Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    return "`" + top.getKey() + "` (" + top.getValue() + " of " + runs.size() + ")";
  }

  /** Median |θ(k+1) − θ(k)| over the run divided by the run's range of θ: 1 is pure noise, small is smooth. */
  static double roughness(Series theta) {
    double[] y = java.util.Arrays.stream(theta.y()).filter(Double::isFinite).toArray();
    if (y.length < 3) {
      return Double.NaN;
    }
    double[] d = new double[y.length - 1];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.abs(y[i + 1] - y[i]);
    }
    double range = java.util.Arrays.stream(y).max().orElseThrow() - java.util.Arrays.stream(y).min().orElseThrow();
    return range == 0 ? Double.NaN : median(d) / range;
  }

  static double median(double[] values) {
    double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private double maxDifference() {
    double max = 0;
    for (RunData run : grid.runs()) {
      LayerRule recordedRule = LayerRule.recordedBy(run);
      for (int row = 0; row < run.topology().size(); row++) {
        double recorded = run.topology().num(row, "theta");
        double recomputed = recordedRule.theta(run, row);
        if (Double.isFinite(recorded) != Double.isFinite(recomputed)) {
          return Double.POSITIVE_INFINITY;
        }
        if (Double.isFinite(recorded)) {
          max = Math.max(max, Math.abs(recorded - recomputed));
        }
      }
    }
    return max;
  }
}

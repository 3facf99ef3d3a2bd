package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.RankStats;
import dev.topowatch.experiment.warning.Detector;
import dev.topowatch.experiment.warning.EarlyWarningReport;
import dev.topowatch.experiment.warning.Outcome;
import dev.topowatch.experiment.warning.WarningRun;
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
    double critical = RankStats.criticalTau(trained.size());
    double scaleTau = KendallTau.tau(theta, scale);
    return String.format(Locale.ROOT,
        "Across those %d runs the final θ at η = %s ranks neither the generalisation gap (Kendall τ = %s, p = %s) nor the "
            + "test accuracy (τ = %s, 95%% CI %s to %s, p = %s), though with %d runs only |τ| ≥ %s is significant and 80%% "
            + "power needs |τ| ≈ 0.5; the output scale %s (τ of θ with the log test logit norm %s; partial τ of θ and test "
            + "accuracy given it %s).",
        trained.size(), threshold, Table.num(gap.tau(), 2), Table.p(gap.p()), Table.num(acc.tau(), 2), Table.num(ci[0], 2),
        Table.num(ci[1], 2), Table.p(acc.p()), trained.size(), Table.num(critical, 2),
        Math.abs(scaleTau) >= critical ? "goes with θ" : "does not explain it either way",
        Table.num(scaleTau, 2), Table.num(RankStats.partialTau(theta, test, scale), 2));
  }

  private String warningSentence() {
    if (warning == null || warning.runs().isEmpty()) {
      return "The early-warning set (docs/preregistration.md) has not been recorded yet.";
    }
    List<WarningRun> runs = warning.runs();
    long pre = runs.stream().filter(r -> r.kind().equals("warmup") && !r.exploratory()).count();
    long preDied = runs.stream().filter(r -> r.kind().equals("warmup") && !r.exploratory() && died(r)).count();
    long higher = runs.stream().filter(r -> r.exploratory() && !r.withoutWarmup()).count();
    long higherDied = runs.stream().filter(r -> r.exploratory() && !r.withoutWarmup() && died(r)).count();
    long sudden = runs.stream().filter(WarningRun::withoutWarmup).count();
    long suddenDied = runs.stream().filter(r -> r.withoutWarmup() && died(r)).count();
    EarlyWarningReport.Score w = warning.winner();
    EarlyWarningReport.Score perc = warning.scoresWithAll().stream()
        .filter(s -> s.detector().id().equals("T-perc")).findFirst().orElseThrow();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "In the early-warning set, %d of %d runs of Adam warmed up to a peak of 3e-3 to 2e-2 died", preDied, pre));
    if (higher > 0) {
      out.append(String.format(Locale.ROOT, " (and %d of %d warmed up to 5e-2 or 1e-1)", higherDied, higher));
    }
    if (sudden > 0) {
      long never = runs.stream().filter(r -> r.withoutWarmup() && r.outcome().kind() == Outcome.Kind.NEVER_LEARNED).count();
      out.append(String.format(Locale.ROOT, ", and of %d runs without warm-up %d never learned (at chance from the start) and %d "
          + "died", sudden, never, suddenDied));
    }
    out.append("; ");
    out.append(w == null ? "no detector caught a dying run without a false alarm on the controls"
        : String.format(Locale.ROOT, "the pre-registered rule picks `%s` (%s: median lead %.0f steps over the loss reaching chance, "
            + "no false alarm on the %d controls)", w.detector().id(), w.detector().family(), w.medianLead(), w.controls()));
    EarlyWarningReport.Score shipped = warning.scoresWithAll().stream()
        .filter(s -> s.detector().id().equals(Detector.shipped().id())).findFirst().orElseThrow();
    out.append(String.format(Locale.ROOT, ", but the dead set's percolation at η = 0 (`T-perc`) also fired on %d of %d runs that "
        + "survived, so topology loses and the alert that ships is the dead fraction at 0.99 (`TopowatchUnitsDead`, threshold "
        + "chosen after seeing the data: %d of %d dying runs, %d of %d controls, %d of %d surviving runs).",
        perc.survivorAlarms(), perc.survivors(), shipped.dyingDetected(), shipped.dying(), shipped.controlAlarms(),
        shipped.controls(), shipped.survivorAlarms(), shipped.survivors()));
    return out.toString();
  }

  private static boolean died(WarningRun r) {
    return r.outcome().kind() == Outcome.Kind.DIED;
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

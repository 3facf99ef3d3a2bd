package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.RankStats;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Across every run of the grid: the final θ and late-layer complexity against the final
 * generalisation gap and the test accuracy, as Kendall τ with a seeded permutation p-value.
 */
final class AcrossRunsSection {

  static final int PERMUTATIONS = 10_000;
  static final long SEED = 20_261_130L;

  private final GridData grid;
  private final String threshold;
  private final Path plots;

  AcrossRunsSection(GridData grid, String threshold, Path plots) {
    this.grid = grid;
    this.threshold = threshold;
    this.plots = plots;
  }

  static KendallTau.Result tau(List<RunData> runs, ToDoubleFunction<RunData> x, ToDoubleFunction<RunData> y) {
    return KendallTau.test(Measures.each(runs, x), Measures.each(runs, y), PERMUTATIONS, SEED);
  }

  String render() {
    List<RunData> runs = grid.deep();
    LayerRule rule = LayerRule.ALL.get(0);
    StringBuilder md = new StringBuilder("## Across runs\n\n");
    md.append("Each run's final θ and late-layer complexity (mean over the last 10 % of its sampled steps, layer rule: spatial layers without duplicated ReLUs)"
        + " against its final generalisation gap (training minus validation accuracy at the last epoch) and its test accuracy "
        + "(").append(String.format("%,d", (long) runs.get(0).test().num(0, "images"))).append(" held-out images, after training)."
        + " Kendall τ-b over all ").append(runs.size()).append(" runs; p: two-sided, ")
        .append(String.format("%,d", PERMUTATIONS)).append(" seeded permutations. Eight thresholds are tested, so a single p "
            + "below 0.05 is weak evidence on its own.\n\n");
    Table t = new Table("η", "τ(θ, gap) (p)", "τ(θ, test acc.) (p)", "τ(late Ω, gap) (p)", "τ(late Ω, test acc.) (p)");
    for (String eta : grid.thresholds()) {
      t.row(eta, TrainingSection.tau(tau(runs, r -> Measures.finalTheta(r, eta, rule), RunData::finalGap)),
          TrainingSection.tau(tau(runs, r -> Measures.finalTheta(r, eta, rule), RunData::testAccuracy)),
          TrainingSection.tau(tau(runs, r -> Measures.finalLate(r, eta, rule), RunData::finalGap)),
          TrainingSection.tau(tau(runs, r -> Measures.finalLate(r, eta, rule), RunData::testAccuracy)));
    }
    md.append(t.markdown()).append('\n');
    md.append(withoutDiverging(runs, rule));
    scatter("final θ", r -> Measures.finalTheta(r, threshold, rule), "final generalisation gap", RunData::finalGap, "across-theta-gap.png");
    scatter("final θ", r -> Measures.finalTheta(r, threshold, rule), "test accuracy", RunData::testAccuracy, "across-theta-test.png");
    scatter("final late-layer complexity", r -> Measures.finalLate(r, threshold, rule), "final generalisation gap", RunData::finalGap,
        "across-late-gap.png");
    md.append("![final θ vs gap](results/across-theta-gap.png)\n![final θ vs test accuracy](results/across-theta-test.png)\n")
        .append("![final late-layer complexity vs gap](results/across-late-gap.png)\n\n");
    Table per = new Table("run", "final θ", "final late Ω", "final gap", "validation acc.", "test acc.");
    for (RunData r : runs) {
      per.row(r.id(), Table.num(Measures.finalTheta(r, threshold, rule), 3), Table.num(Measures.finalLate(r, threshold, rule), 2),
          Table.num(r.finalGap(), 3), Table.num(r.lastEpoch("validation_accuracy"), 3), Table.num(r.testAccuracy(), 3));
    }
    md.append("Per run, at η = ").append(threshold).append(":\n\n").append(per.markdown()).append('\n');
    return md.toString();
  }

  /**
   * The runs that trained, at every threshold: τ(θ, test accuracy) with its bootstrap CI, Holm-adjusted
   * p over the family of thresholds, and the partial τ given the log test logit norm (activation scale).
   */
  private String withoutDiverging(List<RunData> runs, LayerRule rule) {
    List<RunData> trained = runs.stream().filter(r -> r.kind() != Kind.DIVERGING).toList();
    List<String> etas = grid.thresholds();
    double[] test = Measures.each(trained, RunData::testAccuracy);
    double[] scale = Measures.each(trained, r -> Math.log(r.test().num(0, "test_logit_norm")));
    double[] p = new double[etas.size()];
    KendallTau.Result[] results = new KendallTau.Result[etas.size()];
    for (int i = 0; i < etas.size(); i++) {
      String eta = etas.get(i);
      results[i] = tau(trained, r -> Measures.finalTheta(r, eta, rule), RunData::testAccuracy);
      p[i] = results[i].p();
    }
    double[] holm = RankStats.holm(p);
    StringBuilder md = new StringBuilder("Without the diverging runs (whose collapse to chance dominates any ranking): the ")
        .append(trained.size()).append(" runs that trained (healthy, over-fitting, PowerGrad), θ against test accuracy at every "
            + "threshold. With ").append(trained.size()).append(" runs the smallest |τ| significant at 0.05 is ")
        .append(Table.num(RankStats.criticalTau(trained.size()), 2)).append(" and 80 % power needs |τ| ≈ 0.5, so only large "
            + "effects can show. Holm's correction runs over the ").append(etas.size()).append(" thresholds. The last columns "
            + "check activation scale: τ of θ with the log test logit norm (which separates over-fitting runs, 37–51, from healthy "
            + "ones, 14–16), and the partial τ of θ and test accuracy given it.\n\n");
    Table w = new Table("η", "τ(θ, test acc.)", "95 % CI (bootstrap)", "p", "p (Holm)", "τ(θ, log logit norm)", "partial τ | logit norm");
    for (int i = 0; i < etas.size(); i++) {
      String eta = etas.get(i);
      double[] theta = Measures.each(trained, r -> Measures.finalTheta(r, eta, rule));
      double[] ci = RankStats.bootstrapTau(theta, test, 2_000, 17);
      w.row(eta, Table.num(results[i].tau(), 2), Table.num(ci[0], 2) + " to " + Table.num(ci[1], 2), Table.p(p[i]),
          Table.p(holm[i]), Table.num(KendallTau.tau(theta, scale), 2), Table.num(RankStats.partialTau(theta, test, scale), 2));
    }
    return md.append(w.markdown()).append('\n').toString();
  }

  private void scatter(String xName, ToDoubleFunction<RunData> x, String yName, ToDoubleFunction<RunData> y, String file) {
    Chart c = new Chart(yName + " against " + xName + " (η = " + threshold + ")", xName, yName);
    int colour = 0;
    for (String group : grid.deep().stream().map(RunData::group).distinct().toList()) {
      List<RunData> runs = grid.filter(r -> r.group().equals(group));
      c.points(group, Measures.each(runs, x), Measures.each(runs, y), colour++);
    }
    c.save(plots.resolve(file));
  }
}

package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.KendallTau;
import java.util.List;
import java.util.Locale;

/**
 * θ beside the depth trend ρ (Spearman ρ of Ω against layer index) on the same recordings, under the
 * analyzer's default layer rule: how often θ's sign disagrees with the direction of Ω over depth.
 */
final class DepthSection {

  private final GridData grid;
  private final String threshold;

  DepthSection(GridData grid, String threshold) {
    this.grid = grid;
    this.threshold = threshold;
  }

  /** Trained runs of the deep CNN (the diverging ones collapse to constant outputs). */
  List<RunData> trained() {
    return grid.deep().stream().filter(r -> r.kind() != Kind.DIVERGING).toList();
  }

  /** Trained runs whose final θ is above 0 while their final depth trend is below 0. */
  long disagreeing(String eta) {
    LayerRule rule = LayerRule.ALL.get(0);
    return trained().stream()
        .filter(r -> Measures.finalTheta(r, eta, rule) > 0 && Measures.finalTrend(r, eta, rule) < 0).count();
  }

  KendallTau.Result thetaAgainstTrend(String eta) {
    LayerRule rule = LayerRule.ALL.get(0);
    return AcrossRunsSection.tau(trained(), r -> Measures.finalTheta(r, eta, rule), r -> Measures.finalTrend(r, eta, rule));
  }

  String render() {
    LayerRule rule = LayerRule.ALL.get(0);
    StringBuilder md = new StringBuilder("## θ is not the direction of Ω over depth\n\n");
    md.append("θ = c1 + ½c2 + ½c3 of the ridge cubic (the paper's decay metric) is a shape functional dominated by the slope at "
        + "the first layer; its sign is not whether Ω falls or rises with depth. The **depth trend** ρ, Spearman's ρ of Ω against "
        + "layer index (`topowatch_depth_trend`), is: ρ < 0 means deeper layers are simpler. Both are computed here over the "
        + "analyzer's default layers (`").append(rule.rule().description()).append("`), final values = mean over the last 10 % "
        + "of the sampled steps, for the ").append(trained().size()).append(" trained runs of the deep CNN.\n\n");
    Table t = new Table("η", "runs with θ > 0 and ρ < 0", "runs with ρ < 0", "τ(final θ, final ρ) (p)");
    for (String eta : grid.thresholds()) {
      long falling = trained().stream().filter(r -> Measures.finalTrend(r, eta, rule) < 0).count();
      t.row(eta, disagreeing(eta) + " of " + trained().size(), falling + " of " + trained().size(),
          TrainingSection.tau(thetaAgainstTrend(eta)));
    }
    md.append(t.markdown()).append('\n');
    Table per = new Table("run", "final θ", "final ρ", "Ω falls with depth?");
    for (RunData r : grid.runs()) {
      double theta = Measures.finalTheta(r, threshold, rule);
      double rho = Measures.finalTrend(r, threshold, rule);
      per.row(r.id(), Table.num(theta, 3), Table.num(rho, 2),
          Double.isNaN(rho) ? "n/a" : rho < -0.5 ? "yes" : rho > 0.5 ? "no, it rises" : "no clear trend");
    }
    md.append(String.format(Locale.ROOT, "Per run at η = %s (every run of the grid):%n%n", threshold)).append(per.markdown()).append('\n');
    return md.toString();
  }
}

package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.MeanStd;
import java.util.List;

/**
 * PowerGrad by α: the final training loss (cross-entropy, which the transform does not change in the
 * forward pass), the test loss, the mean logit norm on the test set and the test accuracy, mean ±
 * std over seeds, next to the same job without the transform; and θ at the end.
 */
final class PowerGradSection {

  private final GridData grid;
  private final String threshold;

  PowerGradSection(GridData grid, String threshold) {
    this.grid = grid;
    this.threshold = threshold;
  }

  String render() {
    StringBuilder md = new StringBuilder("## PowerGrad by α\n\n");
    md.append("The healthy job, with ordinary training and with PowerGrad at each α; mean ± std over seeds. Training loss: mean "
        + "cross-entropy over the last epoch's batches; test: held-out images after training.\n\n");
    Table t = new Table("training", "runs", "final training loss", "test loss", "test logit norm", "test accuracy", "final θ (η = " + threshold + ")");
    row(t, "ordinary (no PowerGradLoss)", grid.of(Kind.HEALTHY));
    List<Double> alphas = grid.of(Kind.POWERGRAD).stream().map(RunData::alpha).distinct().sorted((a, b) -> Double.compare(b, a)).toList();
    for (double alpha : alphas) {
      row(t, "PowerGrad α = " + dev.topowatch.experiment.data.Csv.num(alpha), grid.filter(r -> r.kind() == Kind.POWERGRAD && r.alpha() == alpha));
    }
    return md.append(t.markdown()).append('\n').toString();
  }

  private void row(Table t, String name, List<RunData> runs) {
    if (runs.isEmpty()) {
      return;
    }
    t.row(name, runs.size(), MeanStd.of(Measures.each(runs, r -> r.lastEpoch("train_loss"))).format(3),
        MeanStd.of(Measures.each(runs, r -> r.test().num(0, "test_loss"))).format(3),
        MeanStd.of(Measures.each(runs, r -> r.test().num(0, "test_logit_norm"))).format(2),
        MeanStd.of(Measures.each(runs, RunData::testAccuracy)).format(4),
        MeanStd.of(Measures.each(runs, r -> Measures.finalTheta(r, threshold, LayerRule.ALL.get(0)))).format(3));
  }
}

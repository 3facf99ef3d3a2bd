package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.data.Series;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.stats.ChangePoint;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.MeanStd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * θ and the late-layer complexity over training for the healthy, over-fitting and diverging runs,
 * next to the validation loss; whether their change of trend leads or lags the validation-loss
 * minimum, and whether they move with the validation loss from epoch to epoch.
 */
final class TrainingSection {

  private final GridData grid;
  private final String threshold;
  private final Path plots;

  TrainingSection(GridData grid, String threshold, Path plots) {
    this.grid = grid;
    this.threshold = threshold;
    this.plots = plots;
  }

  /** One run's timing figures. */
  record Timing(RunData run, double valMinStep, boolean interior, ChangePoint.Result theta, ChangePoint.Result late) {}

  List<Timing> timings(Kind kind) {
    List<Timing> out = new ArrayList<>();
    for (RunData run : grid.of(kind)) {
      Series val = run.epochs("validation_loss");
      int min = val.argMin();
      Series theta = Measures.theta(run, threshold, LayerRule.ALL.get(0));
      Series late = Measures.late(run, threshold, LayerRule.ALL.get(0));
      out.add(new Timing(run, min < 0 ? Double.NaN : val.x()[min], min >= 0 && min < val.size() - 1, ChangePoint.of(theta),
          ChangePoint.of(late)));
    }
    return out;
  }

  static double nearest(Series s, double step) {
    int best = -1;
    for (int i = 0; i < s.size(); i++) {
      if (best < 0 || Math.abs(s.x()[i] - step) < Math.abs(s.x()[best] - step)) {
        best = i;
      }
    }
    return best < 0 ? Double.NaN : s.y()[best];
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("## Over training\n\n");
    md.append("θ (the analyzer's default layers: spatial, without duplicated ReLUs) and the late-layer complexity at η = ").append(threshold)
        .append(", per sampled step, with the validation loss at each epoch end (dashed, right axis). One line per seed.\n\n");
    for (Kind kind : List.of(Kind.HEALTHY, Kind.OVERFITTING, Kind.DIVERGING)) {
      List<RunData> runs = grid.of(kind);
      if (runs.isEmpty()) {
        continue;
      }
      String file = "training-" + kind.label() + ".png";
      Chart theta = new Chart(kind.label() + ": θ (η = " + threshold + ") and validation loss", "training step", "θ")
          .rightAxis("validation loss");
      Chart late = new Chart(kind.label() + ": late-layer complexity (η = " + threshold + ") and validation loss", "training step",
          "late-layer complexity (mean Ω, last quarter of layers)").rightAxis("validation loss");
      for (int i = 0; i < runs.size(); i++) {
        RunData r = runs.get(i);
        Series th = Measures.theta(r, threshold, LayerRule.ALL.get(0));
        Series la = Measures.late(r, threshold, LayerRule.ALL.get(0));
        Series val = r.epochs("validation_loss");
        theta.line("θ seed " + r.seed(), th.x(), th.y(), i, false, false, 0);
        theta.line("val. loss seed " + r.seed(), val.x(), val.y(), i, true, true, 1);
        late.line("late Ω seed " + r.seed(), la.x(), la.y(), i, false, false, 0);
        late.line("val. loss seed " + r.seed(), val.x(), val.y(), i, true, true, 1);
      }
      theta.save(plots.resolve(file));
      String lateFile = "late-" + kind.label() + ".png";
      late.save(plots.resolve(lateFile));
      md.append("### ").append(kind.label()).append("\n\n![θ over training, ").append(kind.label()).append("](results/")
          .append(file).append(")\n![late-layer complexity over training, ").append(kind.label()).append("](results/")
          .append(lateFile).append(")\n\n");
      md.append(timingTable(timings(kind)));
    }
    md.append(leadLagSummary());
    return md.toString();
  }

  private String timingTable(List<Timing> timings) {
    Table t = new Table("run", "θ first → last (tail mean)", "val. loss min at step (epoch)", "θ change of trend at step (fit gain)",
        "θ change minus val. loss minimum, steps", "late Ω change at step (fit gain)");
    for (Timing tm : timings) {
      RunData r = tm.run();
      Series th = Measures.theta(r, threshold, LayerRule.ALL.get(0));
      int epoch = (int) r.epochs().num(r.epochs("validation_loss").argMin(), "epoch");
      t.row(r.id(), Table.num(first(th), 3) + " → " + Table.num(th.tailMean(Measures.TAIL), 3),
          Table.num(tm.valMinStep(), 0) + " (" + epoch + (tm.interior() ? "" : ", last") + ")",
          Table.num(tm.theta().step(), 0) + " (" + Table.num(tm.theta().gain(), 2) + ")",
          tm.interior() ? Table.num(tm.theta().step() - tm.valMinStep(), 0) : "no interior minimum",
          Table.num(tm.late().step(), 0) + " (" + Table.num(tm.late().gain(), 2) + ")");
    }
    // No τ against the validation loss over epochs here: both series trend, so epochs are not
    // exchangeable and a permutation p-value over them would be invalid (issue 17).
    return t.markdown() + "\n";
  }

  private String leadLagSummary() {
    List<Timing> over = timings(Kind.OVERFITTING).stream().filter(Timing::interior).toList();
    StringBuilder md = new StringBuilder("### Lead or lag\n\n");
    if (over.isEmpty()) {
      return md.append("No over-fitting run had a validation-loss minimum before its last epoch: nothing to lead or lag.\n\n").toString();
    }
    double[] thetaLead = over.stream().mapToDouble(t -> t.theta().step() - t.valMinStep()).toArray();
    double[] lateLead = over.stream().mapToDouble(t -> t.late().step() - t.valMinStep()).toArray();
    double[] epochSteps = over.stream().mapToDouble(t -> t.run().epochs().num(1, "step") - t.run().epochs().num(0, "step")).toArray();
    double[] valMin = over.stream().mapToDouble(Timing::valMinStep).toArray();
    double[] thetaAt = over.stream().mapToDouble(t -> t.theta().step()).toArray();
    double[] runLength = over.stream().mapToDouble(t -> t.run().epochs().num(t.run().epochs().size() - 1, "step")).toArray();
    md.append(String.format(java.util.Locale.ROOT,
        "Over-fitting runs with a validation-loss minimum before the last epoch: %d of %d, the minimum at step %s of %s. "
            + "θ's change of trend (two-segment fit) is at step %s, %s steps from the minimum (negative: before it); the "
            + "late-layer complexity's at %s steps from it. One epoch is %s steps. The fit gain (how much better two "
            + "segments fit than one line; near 0: no change of trend) is %s for θ and %s for the late-layer complexity.\n\n",
        over.size(), grid.of(Kind.OVERFITTING).size(), MeanStd.of(valMin).format(0), MeanStd.of(runLength).format(0),
        MeanStd.of(thetaAt).format(0), MeanStd.of(thetaLead).format(0), MeanStd.of(lateLead).format(0),
        MeanStd.of(epochSteps).format(0),
        MeanStd.of(over.stream().mapToDouble(t -> t.theta().gain()).toArray()).format(2),
        MeanStd.of(over.stream().mapToDouble(t -> t.late().gain()).toArray()).format(2)));
    double[] healthyChange = timings(Kind.HEALTHY).stream().mapToDouble(t -> t.theta().step()).toArray();
    md.append(String.format(java.util.Locale.ROOT,
        "This is **not** evidence that θ leads over-fitting: the healthy runs, which never over-fit, show θ's change of trend at "
            + "step %s too. The change marks the end of early learning, in every kind of run, not the turn of the validation "
            + "loss.\n\n", MeanStd.of(healthyChange).format(0)));
    return md.toString();
  }

  private static double first(Series s) {
    for (double v : s.y()) {
      if (Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  static String tau(KendallTau.Result r) {
    return Table.num(r.tau(), 2) + " (" + Table.p(r.p()) + ")";
  }
}

package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.stats.MeanStd;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What was run, how long it took, and how busy the machine was meanwhile. */
final class GridSection {

  private final GridData grid;

  GridSection(GridData grid) {
    this.grid = grid;
  }

  String render() {
    List<RunData> runs = grid.runs();
    double seconds = runs.stream().mapToDouble(RunData::seconds).sum();
    double training = runs.stream().mapToDouble(RunData::trainSeconds).sum();
    MeanStd load = MeanStd.of(runs.stream().flatMapToDouble(r -> java.util.stream.DoubleStream.of(parse(r.loadBefore()), parse(r.loadAfter())))
        .toArray());
    double maxLoad = runs.stream().flatMapToDouble(r -> java.util.stream.DoubleStream.of(parse(r.loadBefore()), parse(r.loadAfter())))
        .filter(Double::isFinite).max().orElse(Double.NaN);
    StringBuilder md = new StringBuilder("## The grid\n\n");
    Table t = new Table("group", "runs", "seeds", "steps per run", "sampled steps per run");
    for (String group : runs.stream().map(RunData::group).distinct().toList()) {
      List<RunData> g = grid.filter(r -> r.group().equals(group));
      RunData r = g.get(0);
      int sampled = r.topologyRows(r.topologyThresholds().get(0)).size();
      t.row(group, g.size(), String.join(", ", g.stream().map(x -> String.valueOf(x.seed())).toList()),
          (long) r.steps().num(r.steps().size() - 1, "step") + 1, sampled);
    }
    md.append(t.markdown()).append('\n');
    md.append(String.format(Locale.ROOT,
        "%d runs, %s of jobs in all (%s of it training, the rest waiting for the analyzer to catch up and, for the healthy runs, "
            + "the paper-claim probes). The 1-minute load average of the 2-core machine, read before and after each job, was "
            + "%s (max %s)%s.\n\n",
        runs.size(), duration(seconds), duration(training), MeanStd.of(load.mean()).format(1), Table.num(maxLoad, 1),
        load.mean() > 2.5 ? ": the machine was shared with other work while the grid ran, so these times are longer than on an "
            + "idle machine" : ""));
    md.append(limits());
    return md.toString();
  }

  /**
   * What this grid cannot show (issue 17, item 4), with its own numbers: a sound grid needs healthy runs
   * trained to convergence, training accuracy measured like validation, and networks with batch norm.
   */
  private String limits() {
    List<RunData> healthy = grid.of(dev.topowatch.experiment.grid.Kind.HEALTHY);
    double[] test = Measures.each(healthy, RunData::testAccuracy);
    double[] gaps = Measures.each(grid.deep(), RunData::finalGap);
    long negative = java.util.Arrays.stream(gaps).filter(g -> g < 0).count();
    int epochs = healthy.isEmpty() ? 0 : healthy.get(0).epochs().size();
    return String.format(Locale.ROOT,
        "**Limits of this grid** (to be lifted by re-running it: `./experiment.sh run --out DIR`, after the plan is changed as "
            + "[`preregistration.md`](preregistration.md) says). The healthy runs stop after %d epochs (test accuracy %s to %s): "
            + "under-trained, not converged. Training accuracy is the running mean over each epoch's batches while validation is "
            + "measured at the epoch's end, so %d of %d gaps are negative by construction and τ against the gap is mostly the "
            + "over-fitting runs against the rest. The CNN has no batch norm: at fixed thresholds its layers' Ω follows their "
            + "activation scale. No batch-norm network and no scale-free thresholds were run yet; `engine.threshold-mode` and "
            + "`./experiment.sh run --threshold-mode quantile|standardised` exist for that comparison.%n%n",
        epochs, Table.num(java.util.Arrays.stream(test).min().orElse(Double.NaN), 3),
        Table.num(java.util.Arrays.stream(test).max().orElse(Double.NaN), 3), negative, gaps.length);
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String duration(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return d.toHours() > 0 ? String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }

}

package dev.topowatch.experiment.report;

import dev.topowatch.experiment.alerts.AlertReplay;
import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Replays every run into the alert rules (one sampled step per minute), writes the rule test suite,
 * and tabulates per alert how many healthy runs it fired on and how many over-fitting and diverging
 * runs it caught (fired at any checked minute).
 */
final class AlertsSection {

  private final GridData grid;
  private final AlertReplay replay;
  private final Path suite;

  AlertsSection(GridData grid, AlertReplay replay, Path suite) {
    this.grid = grid;
    this.replay = replay;
    this.suite = suite;
  }

  /** The table alone (docs/experiment.md repeats it). */
  private String table;

  String table() {
    return table;
  }

  String render() throws Exception {
    List<String> alerts = replay.alerts();
    List<AlertReplay.Outcome> outcomes = new ArrayList<>();
    Path work = Files.createTempDirectory("topowatch-replay");
    try {
      for (RunData run : grid.runs()) {
        outcomes.add(replay.probe(run, alerts, work));
      }
    } finally {
      Files.deleteIfExists(work);
    }
    replay.writeSuite(outcomes, suite);
    Table t = new Table("alert", "healthy runs it fired on", "PowerGrad runs it fired on", "demo-model runs it fired on",
        "over-fitting runs caught", "diverging runs caught", "first firing (minutes into the run, 50 steps per minute)");
    for (String alert : alerts) {
      t.row("`" + alert + "`", count(outcomes, alert, r -> r.kind() == Kind.HEALTHY), count(outcomes, alert, r -> r.kind() == Kind.POWERGRAD),
          count(outcomes, alert, r -> r.kind() == Kind.DEMO_MODEL), count(outcomes, alert, r -> r.kind() == Kind.OVERFITTING),
          count(outcomes, alert, r -> r.kind() == Kind.DIVERGING), firstFirings(outcomes, alert));
    }
    table = t.markdown();
    StringBuilder md = new StringBuilder("## Alerts replayed\n\n");
    md.append("Every run's recorded series (θ and late-layer complexity per threshold, training loss, step, validation loss, gap) "
        + "replayed into `dashboards/alerts/topowatch-rules.yml` by `promtool test rules` on one clock for every run: 50 training "
        + "steps per minute (a job at a little under one step per second), so the runs sampled every 20, 25 or 50 steps get a point "
        + "every 24, 30 or 60 s and the minutes below are comparable across kinds. These jobs ran faster than that (a few seconds "
        + "per sampled step, see the grid table): on their own wall clock every run ended before any rule's `for` or window had "
        + "elapsed, so on the real clock of this machine no windowed rule fires at all. Checked every ").append(5)
        .append(" minutes and at the end. "
        + "The replay is kept as a rule test suite, `dashboards/alerts/tests/").append(suite.getFileName()).append("`, run by "
        + "`PromtoolRulesTest` with the hand-written tests.\n\n");
    md.append(table).append('\n');
    return md.toString();
  }

  private static String count(List<AlertReplay.Outcome> outcomes, String alert, Predicate<RunData> which) {
    List<AlertReplay.Outcome> of = outcomes.stream().filter(o -> which.test(o.run())).toList();
    long fired = of.stream().filter(o -> o.firstFiring(alert) >= 0).count();
    return fired + " of " + of.size();
  }

  private static String firstFirings(List<AlertReplay.Outcome> outcomes, String alert) {
    List<String> out = new ArrayList<>();
    for (AlertReplay.Outcome o : outcomes) {
      long first = o.firstFiring(alert);
      if (first >= 0) {
        out.add(o.run().id() + ": " + first + " of " + o.minutes());
      }
    }
    return out.isEmpty() ? "—" : String.join("; ", out);
  }
}

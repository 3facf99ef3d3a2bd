package dev.topowatch.experiment.alerts;

import dev.topowatch.experiment.data.RunData;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays every recorded run into the generalisation alert rules with Prometheus's own engine
 * ({@code promtool test rules}) and writes what happened as a rule test suite: each run is a test
 * group whose checks pin, every few minutes of its timeline, which alerts fire (with their exact
 * labels and annotations) and which stay silent. Changing a rule so that it fires on a healthy run,
 * or stops catching a run it caught, fails that suite until the page is regenerated.
 */
public final class AlertReplay {

  /** The rule group whose alerts concern what the network learns (the pipeline group is not about runs). */
  public static final String GROUP = "topowatch-generalisation";

  /** Minutes between checks of a run's timeline. */
  static final int EVERY = 5;

  private final Path rules;
  private final Promtool promtool;

  public AlertReplay(Path rules, Promtool promtool) {
    this.rules = rules;
    this.promtool = promtool;
  }

  /** What each alert did during one run: by alert, the probed minutes and what fired then (empty = silent). */
  public record Outcome(RunData run, int minutes, Map<String, TreeMap<Long, List<FiredAlert>>> byAlert) {

    /** The first probed minute the alert fired, or -1. */
    public long firstFiring(String alert) {
      return byAlert.get(alert).entrySet().stream().filter(e -> !e.getValue().isEmpty()).mapToLong(Map.Entry::getKey)
          .findFirst().orElse(-1);
    }
  }

  /** The alert names of the generalisation group, in file order. */
  public List<String> alerts() throws IOException {
    try (Reader in = Files.newBufferedReader(rules)) {
      Map<String, Object> doc = new Yaml().load(in);
      List<String> out = new ArrayList<>();
      for (Object g : (List<?>) doc.get("groups")) {
        Map<?, ?> group = (Map<?, ?>) g;
        if (GROUP.equals(group.get("name"))) {
          for (Object r : (List<?>) group.get("rules")) {
            Object alert = ((Map<?, ?>) r).get("alert");
            if (alert != null) {
              out.add(alert.toString());
            }
          }
        }
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no alert in group " + GROUP + " of " + rules);
      }
      return out;
    }
  }

  static List<Long> probeMinutes(int minutes) {
    List<Long> out = new ArrayList<>();
    for (long m = EVERY; m < minutes - 1; m += EVERY) {
      out.add(m);
    }
    out.add((long) Math.max(0, minutes - 1));
    return out;
  }

  /** Replays one run with every check expecting silence; each failure is an alert that fired. */
  public Outcome probe(RunData run, List<String> alerts, Path workDir) throws IOException, InterruptedException {
    ReplayTimeline timeline = new ReplayTimeline(run);
    Map<String, TreeMap<Long, List<FiredAlert>>> byAlert = new LinkedHashMap<>();
    for (String alert : alerts) {
      TreeMap<Long, List<FiredAlert>> perMinute = new TreeMap<>();
      probeMinutes(timeline.minutes()).forEach(m -> perMinute.put(m, List.of()));
      byAlert.put(alert, perMinute);
    }
    Map<String, Object> doc = document(rules.toAbsolutePath().toString(), List.of(group(run, timeline, byAlert)));
    Path file = Files.createTempFile(workDir, "probe-" + run.id() + "-", ".yml");
    try {
      Files.writeString(file, yaml().dump(doc), StandardCharsets.UTF_8);
      Promtool.Result result = promtool.test(workDir, file);
      List<Promtool.Failure> failures = Promtool.failures(result.output());
      if (result.exitCode() != 0 && failures.isEmpty()) {
        throw new IOException("promtool could not run the replay of " + run.id() + ":\n" + result.output());
      }
      for (Promtool.Failure f : failures) {
        byAlert.get(f.alert()).put(f.minute(), f.got());
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return new Outcome(run, timeline.minutes(), byAlert);
  }

  /**
   * Writes the suite: per run, every probed minute where an alert is silent, and for an alert that
   * fires its first firing minute and the run's last minute (what fired then, exactly).
   */
  public void writeSuite(List<Outcome> outcomes, Path file) throws IOException {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Outcome o : outcomes) {
      Map<String, TreeMap<Long, List<FiredAlert>>> kept = new LinkedHashMap<>();
      o.byAlert().forEach((alert, perMinute) -> {
        TreeMap<Long, List<FiredAlert>> k = new TreeMap<>();
        long first = o.firstFiring(alert);
        perMinute.forEach((minute, fired) -> {
          if (fired.isEmpty() || minute == first || minute.equals(perMinute.lastKey())) {
            k.put(minute, fired);
          }
        });
        kept.put(alert, k);
      });
      groups.add(group(o.run(), new ReplayTimeline(o.run()), kept));
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String header = "# GENERATED by `experiment report` from the grid's recordings (docs/results/grid): do not edit; regenerate.\n"
        + "# Each test group replays one recorded run into the alert rules on one clock for every run (50 training steps\n"
        + "# per minute: a run sampled every 25 steps has a point every 30 s), and pins which\n"
        + "# generalisation alerts fire and which stay silent (docs/results.md, \"Alerts replayed\").\n";
    Files.writeString(file, header + yaml().dump(document(dir.relativize(rules.toAbsolutePath()).toString(), groups)),
        StandardCharsets.UTF_8);
  }

  private static Map<String, Object> document(String rulesPath, List<Map<String, Object>> groups) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rule_files", List.of(rulesPath));
    doc.put("evaluation_interval", "1m");
    doc.put("tests", groups);
    return doc;
  }

  private static Map<String, Object> group(RunData run, ReplayTimeline timeline, Map<String, TreeMap<Long, List<FiredAlert>>> checks) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("name", run.id() + " (" + run.kind().label() + ")");
    g.put("interval", timeline.intervalSeconds() + "s");
    List<Map<String, Object>> series = new ArrayList<>();
    timeline.series().forEach((selector, values) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("series", selector);
      s.put("values", values);
      series.add(s);
    });
    g.put("input_series", series);
    List<Map<String, Object>> tests = new ArrayList<>();
    checks.forEach((alert, perMinute) -> perMinute.forEach((minute, fired) -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("eval_time", minute + "m");
      t.put("alertname", alert);
      List<Map<String, Object>> expected = new ArrayList<>();
      for (FiredAlert f : fired) {
        Map<String, String> labels = new LinkedHashMap<>(f.labels());
        labels.remove("alertname");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("exp_labels", labels);
        e.put("exp_annotations", f.annotations());
        expected.add(e);
      }
      t.put("exp_alerts", expected);
      tests.add(t);
    }));
    g.put("alert_rule_test", tests);
    return g;
  }

  private static Yaml yaml() {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(100_000); // series values on one line each
    o.setAllowUnicode(true);
    return new Yaml(o);
  }
}

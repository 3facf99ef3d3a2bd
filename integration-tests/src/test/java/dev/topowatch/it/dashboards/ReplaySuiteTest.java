package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.harness.RepoLayout;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated alert replay ({@code replay_test.yml}, made by {@code ./experiment.sh report} from the
 * recorded grid in {@code docs/results/grid}) covers every recorded run, and pins what the rules
 * promise: no generalisation alert ever fires on a healthy or PowerGrad run, and every diverging run
 * is caught by {@code TopowatchLateLayersCollapsed} and every over-fitting run by {@code
 * TopowatchGeneralizationGapWidening}. {@link PromtoolRulesTest} runs the suite itself through promtool.
 */
@Timeout(60)
class ReplaySuiteTest {

  private final RepoLayout repo = RepoLayout.find();

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> groups() throws IOException {
    try (Reader in = Files.newBufferedReader(repo.ruleTestsDir().resolve("replay_test.yml"))) {
      Map<String, Object> doc = new Yaml().load(in);
      return (List<Map<String, Object>>) doc.get("tests");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> checks(Map<String, Object> group) {
    return (List<Map<String, Object>>) group.get("alert_rule_test");
  }

  private static boolean fires(Map<String, Object> check) {
    return check.get("exp_alerts") instanceof List<?> l && !l.isEmpty();
  }

  @Test
  void everyRecordedRunIsReplayed() throws IOException {
    List<String> runs;
    try (Stream<Path> dirs = Files.list(repo.root().resolve("docs/results/grid/runs"))) {
      runs = dirs.filter(d -> Files.isRegularFile(d.resolve("run.csv"))).map(d -> d.getFileName().toString()).sorted().toList();
    }
    assertThat(runs).hasSizeGreaterThanOrEqualTo(18);
    List<String> replayed = groups().stream().map(g -> g.get("name").toString().replaceFirst(" \\(.*\\)$", "")).sorted().toList();
    assertThat(replayed).containsExactlyElementsOf(runs);
  }

  @Test
  void noGeneralisationAlertFiresOnAHealthyPowerGradOrDemoModelRun() throws IOException {
    List<String> fired = new ArrayList<>();
    for (Map<String, Object> g : groups()) {
      String name = g.get("name").toString();
      if (name.endsWith("(healthy)") || name.endsWith("(powergrad)") || name.endsWith("(demo-model)")) {
        assertThat(checks(g)).isNotEmpty();
        checks(g).stream().filter(ReplaySuiteTest::fires).forEach(c -> fired.add(name + ": " + c.get("alertname") + " at " + c.get("eval_time")));
      }
    }
    assertThat(fired).isEmpty();
  }

  @Test
  void everyDivergingAndOverFittingRunIsCaughtByItsAlert() throws IOException {
    int diverging = 0;
    int overfitting = 0;
    for (Map<String, Object> g : groups()) {
      String name = g.get("name").toString();
      String alert = name.endsWith("(diverging)") ? "TopowatchLateLayersCollapsed"
          : name.endsWith("(overfitting)") ? "TopowatchGeneralizationGapWidening" : null;
      if (alert == null) {
        continue;
      }
      diverging += name.endsWith("(diverging)") ? 1 : 0;
      overfitting += name.endsWith("(overfitting)") ? 1 : 0;
      assertThat(checks(g).stream().filter(c -> alert.equals(c.get("alertname"))).anyMatch(ReplaySuiteTest::fires))
          .as("%s caught by %s", name, alert).isTrue();
    }
    assertThat(diverging).isGreaterThanOrEqualTo(3);
    assertThat(overfitting).isGreaterThanOrEqualTo(3);
  }
}

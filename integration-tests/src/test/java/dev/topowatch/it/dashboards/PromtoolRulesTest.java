package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules pass {@code promtool check rules}, their unit tests pass {@code promtool test rules},
 * and those unit tests show every alert both firing and silent. promtool missing is a failure that
 * says how to install it (CI's {@code .ci/run} does), never a skip.
 */
class PromtoolRulesTest {

    private final RepoLayout repo = RepoLayout.find();

    @Test
    void ruleFileIsValid() throws Exception {
        Promtool.Result result = Promtool.run(repo.root(), "check", "rules", repo.root().relativize(repo.rulesFile()).toString());
        assertThat(result.exitCode()).as("promtool check rules:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        ruleTestFiles().forEach(f -> args.add(repo.root().relativize(f).toString()));
        Promtool.Result result = Promtool.run(repo.root(), args.toArray(String[]::new));
        assertThat(result.exitCode()).as("promtool test rules:\n%s", result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() throws IOException {
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : ruleTestFiles()) {
            for (Map<String, Object> check : alertChecks(file)) {
                Object expected = check.get("exp_alerts");
                boolean fires = expected instanceof List<?> list && !list.isEmpty();
                (fires ? firing : silent).add(String.valueOf(check.get("alertname")));
            }
        }
        List<String> alerts = RuleQueries.extract(repo.rulesFile()).stream().map(RuleQuery::name).toList();
        assertThat(alerts).isNotEmpty();
        assertThat(firing).as("alerts with a firing test case").containsAll(alerts);
        assertThat(silent).as("alerts with a not-firing test case").containsAll(alerts);
    }

    private List<Path> ruleTestFiles() throws IOException {
        try (Stream<Path> files = Files.list(repo.ruleTestsDir())) {
            List<Path> tests = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
            assertThat(tests).as("rule unit tests in %s", repo.ruleTestsDir()).isNotEmpty();
            return tests;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertChecks(Path file) throws IOException {
        Map<String, Object> doc;
        try (Reader in = Files.newBufferedReader(file)) {
            doc = new Yaml().load(in);
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) doc.get("tests")) {
            Object cases = test.get("alert_rule_test");
            if (cases instanceof List<?> list) {
                list.forEach(c -> checks.add((Map<String, Object>) c));
            }
        }
        return checks;
    }
}

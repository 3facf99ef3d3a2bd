package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.it.prometheus.DashboardQueries;
import dev.topowatch.it.prometheus.PanelQuery;
import dev.topowatch.it.prometheus.PromQl;
import dev.topowatch.it.prometheus.PromResponse;
import dev.topowatch.it.prometheus.PrometheusServer;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every panel target, template variable query and alert rule expression, as Grafana or the rule
 * engine would send it, is accepted by a real Prometheus (HTTP 200, status success). Whether each
 * returns data needs the running chain; that is the live end-to-end test's job.
 */
class QueryEvaluationTest {

    private static final RepoLayout REPO = RepoLayout.find();
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prometheus = PrometheusServer.builder().ruleFile(REPO.rulesFile()).start();
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPanelQueryParses() {
        List<PanelQuery> queries = DashboardQueries.extractAll(REPO.dashboardsDir());
        assertThat(queries).hasSizeGreaterThan(20);
        return queries.stream().map(q -> DynamicTest.dynamicTest(q.toString(), () -> {
            Instant now = Instant.now();
            PromResponse response = q.instant()
                    ? prometheus.query(q.promQl())
                    : prometheus.queryRange(q.promQl(), now.minus(Duration.ofMinutes(15)), now, Duration.ofSeconds(15));
            assertAccepted(q.promQl(), response);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyVariableQueryParses() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dashboard : DashboardQueries.dashboards(REPO.dashboardsDir())) {
            for (String query : DashboardQueries.variableQueries(dashboard)) {
                String promQl = PromQl.variableQueryAsPromQl(query);
                tests.add(DynamicTest.dynamicTest(dashboard.getFileName() + " " + query,
                        () -> assertAccepted(promQl, prometheus.query(promQl))));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRuleExpressionParses() {
        List<RuleQuery> rules = RuleQueries.extract(REPO.rulesFile());
        assertThat(rules).isNotEmpty();
        return rules.stream().map(rule -> DynamicTest.dynamicTest(rule.toString(),
                () -> assertAccepted(rule.expr(), prometheus.query(rule.expr()))));
    }

    private static void assertAccepted(String expr, PromResponse response) {
        assertThat(response.isSuccess())
                .as("Prometheus rejected %s: %s (log:%n%s)", expr, response.error(), prometheus.logTail())
                .isTrue();
    }
}

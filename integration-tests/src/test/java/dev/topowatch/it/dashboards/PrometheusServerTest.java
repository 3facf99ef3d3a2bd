package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.it.prometheus.PromResponse;
import dev.topowatch.it.prometheus.PrometheusServer;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import dev.topowatch.it.prometheus.ScrapeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness against a real Prometheus: scraping, queries, loaded rules, a live alert, clean stop. */
class PrometheusServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RepoLayout repo = RepoLayout.find();

    @Test
    void scrapesQueriesEvaluatesTheRulesAndStops() throws Exception {
        Path workDir;
        PrometheusServer stopped;
        try (FakeMetricsEndpoint endpoint = new FakeMetricsEndpoint();
                PrometheusServer prometheus = PrometheusServer.builder()
                        .scrape(new ScrapeTarget("topowatch-analyzer", endpoint.hostPort()))
                        .ruleFile(repo.rulesFile())
                        .start()) {
            endpoint.serve(metrics(42));
            workDir = prometheus.workDir();
            stopped = prometheus;

            PromResponse step = prometheus.awaitSeries("topowatch_train_step{run_id=\"r1\"}", WAIT);
            assertThat(step.firstValue()).isEqualTo(42.0);
            assertThat(prometheus.query("up{job=\"topowatch-analyzer\"}").firstValue()).isEqualTo(1.0);

            endpoint.serve(metrics(43));
            prometheus.await("topowatch_train_step", r -> r.isSuccess() && r.seriesCount() == 1 && r.firstValue() == 43.0, WAIT);

            Instant now = Instant.now();
            PromResponse range = prometheus.queryRange("topowatch_train_step", now.minusSeconds(30), now, Duration.ofSeconds(1));
            assertThat(range.isSuccess()).as("%s", range).isTrue();
            assertThat(range.resultType()).isEqualTo("matrix");
            assertThat(range.result().get(0).path("values").size()).isGreaterThan(1);

            // The loss is NaN in every scrape: the real rule engine fires the alert (for: 0m).
            prometheus.awaitSeries("ALERTS{alertname=\"TopowatchLossNotFinite\",alertstate=\"firing\",run_id=\"r1\"}", WAIT);
            assertAllRulesLoadedAndHealthy(prometheus);

            PromResponse bad = prometheus.query("sum(rate(x[5m])");
            assertThat(bad.isSuccess()).isFalse();
            assertThat(bad.httpStatus()).isEqualTo(400);
            assertThat(bad.error()).contains("parse error");
        }
        assertThat(stopped.isAlive()).isFalse();
        assertThat(stopped.api().isReady()).isFalse();
        assertThat(Files.exists(workDir)).as("work dir removed").isFalse();
    }

    /** A scrape body: the step as given, and a NaN loss throughout. */
    private static String metrics(int step) {
        return """
                # TYPE topowatch_train_step gauge
                topowatch_train_step{run_id="r1"} %d
                # TYPE topowatch_train_loss gauge
                topowatch_train_loss{run_id="r1"} NaN
                """.formatted(step);
    }

    private void assertAllRulesLoadedAndHealthy(PrometheusServer prometheus) {
        List<String> expected = RuleQueries.extract(repo.rulesFile()).stream().map(RuleQuery::name).toList();
        prometheus.await("vector(1)", ignored -> {
            List<String> healthy = new ArrayList<>();
            for (JsonNode group : prometheus.api().get("/api/v1/rules").data().path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if ("ok".equals(rule.path("health").asText())) {
                        healthy.add(rule.path("name").asText());
                    }
                }
            }
            return healthy.containsAll(expected);
        }, WAIT);
    }
}

package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.it.prometheus.MetricCatalog;
import dev.topowatch.it.prometheus.PromQl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text helpers the lint and the live tests rely on. */
class PromQlTest {

    @Test
    void templateVariablesInMatchersBecomeRegexMatchers() {
        assertThat(PromQl.substitute("topowatch_train_loss{run_id=~\"$run_id\"}"))
                .isEqualTo("topowatch_train_loss{run_id=~\".*\"}");
        assertThat(PromQl.substitute("x{run_id=\"${run_id}\", threshold!=\"[[threshold]]\", dim=\"0\"}"))
                .isEqualTo("x{run_id=~\".*\", threshold!~\".*\", dim=\"0\"}");
        assertThat(PromQl.substitute("x{run_id=~\"${run_id:regex}\"}", Map.of("run_id", "r1|r2")))
                .isEqualTo("x{run_id=~\"r1|r2\"}");
    }

    @Test
    void grafanaIntervalsGetTheirDefaultsOrTheGivenValue() {
        assertThat(PromQl.substitute("rate(x[$__rate_interval]) + increase(y[${__range}])"))
                .isEqualTo("rate(x[1m]) + increase(y[1h])");
        assertThat(PromQl.substitute("rate(x[$__rate_interval])", Map.of("__rate_interval", "30s")))
                .isEqualTo("rate(x[30s])");
    }

    @Test
    void anUnknownVariableOutsideAMatcherIsAnError() {
        assertThatThrownBy(() -> PromQl.substitute("topk($n, x)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$n");
    }

    @Test
    void metricNamesSkipFunctionsKeywordsLabelsRangesAndNumbers() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, job) (rate(a_seconds_bucket{job=\"x\", le!=\"+Inf\"}[5m])))"
                        + " > 1e-4 and on (run_id) b_total offset 10m or on() vector(0) unless c == +Inf"))
                .containsExactly("a_seconds_bucket", "b_total", "c");
        assertThat(PromQl.metricNames("sum without (reason) (d{reason=~\"$reason\"}) / ignoring(x) group_left(y) e"))
                .containsExactly("d", "e");
        assertThat(PromQl.metricNames("label_values(topowatch_train_step{job=\"a\"}, run_id)"))
                .containsExactly("topowatch_train_step");
        assertThat(PromQl.metricNames("label_values(run_id)")).isEmpty();
    }

    @Test
    void labelValuesBecomesACountByTheLabel() {
        assertThat(PromQl.variableQueryAsPromQl("label_values(topowatch_train_step, run_id)"))
                .isEqualTo("count by (run_id) (topowatch_train_step)");
        assertThat(PromQl.variableQueryAsPromQl("up")).isEqualTo("up");
    }

    @Test
    void catalogReadsTableRowsFamiliesAndHistogramSeries(@TempDir Path dir) throws IOException {
        Path doc = Files.write(dir.resolve("metrics.md"), List.of(
                "| name | type | labels | meaning |",
                "|---|---|---|---|",
                "| `topowatch_a` | gauge | run_id | a |",
                "| `topowatch_b_seconds` | histogram | — | b |",
                "| `topowatch_c_total` | counter | reason | c |",
                "| Vert.x and JVM meters | | | `vertx_*`, `jvm_*` from binders |",
                "text mentioning `topowatch_not_a_row` outside a table"));
        MetricCatalog catalog = MetricCatalog.load(doc);
        assertThat(catalog.types()).containsOnlyKeys("topowatch_a", "topowatch_b_seconds", "topowatch_c_total");
        assertThat(catalog.isKnown("topowatch_b_seconds_bucket")).isTrue();
        assertThat(catalog.isKnown("topowatch_c_total_bucket")).as("not a histogram").isFalse();
        assertThat(catalog.isKnown("jvm_memory_used_bytes")).isTrue();
        assertThat(catalog.isKnown("up")).isTrue();
        assertThat(catalog.isKnown("topowatch_not_a_row")).isFalse();
        assertThat(catalog.isKnown("topowatch_typo")).isFalse();
    }
}

package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.it.prometheus.DashboardQueries;
import dev.topowatch.it.prometheus.MetricCatalog;
import dev.topowatch.it.prometheus.PanelQuery;
import dev.topowatch.it.prometheus.PromQl;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Static checks of the Grafana dashboards and the alert rules against the conventions and the metric contract. */
class DashboardLintTest {

    private static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|irate|increase)\\s*\\(");
    private static final Pattern RANGE = Pattern.compile("\\[([^]]*)]");
    private static final Set<String> GRAFANA_RANGES = Set.of("$__rate_interval", "$__interval", "$__range");
    private static final String DATASOURCE = "${datasource}";

    private final RepoLayout repo = RepoLayout.find();
    private final List<Path> dashboards = DashboardQueries.dashboards(repo.dashboardsDir());

    @Test
    void theThreeDashboardsExistAndAreValidJson() throws IOException {
        assertThat(dashboards).extracting(p -> p.getFileName().toString())
                .contains("training.json", "topology.json", "pipeline.json");
        for (Path dashboard : dashboards) {
            JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
            assertThat(root.path("uid").asText()).as("%s uid", dashboard).isNotBlank();
            assertThat(root.path("title").asText()).as("%s title", dashboard).isNotBlank();
            assertThat(root.path("schemaVersion").asInt()).as("%s schemaVersion", dashboard).isBetween(36, 41);
        }
    }

    /**
     * Import into an existing Grafana asks for the data source: one input, {@code DS_PROMETHEUS},
     * which only seeds the {@code datasource} variable (panels go through {@code ${datasource}}, so a
     * provisioned copy, where nothing replaces the placeholder, falls back to the default Prometheus).
     */
    @Test
    void everyDashboardAsksForItsPrometheusOnImport() throws IOException {
        Pattern placeholder = Pattern.compile("\\$\\{(DS_[A-Z0-9_]+)}");
        for (Path dashboard : dashboards) {
            String text = java.nio.file.Files.readString(dashboard);
            JsonNode root = new ObjectMapper().readTree(text);
            JsonNode inputs = root.path("__inputs");
            assertThat(inputs.size()).as("%s __inputs", dashboard).isEqualTo(1);
            assertThat(inputs.get(0).path("name").asText()).isEqualTo("DS_PROMETHEUS");
            assertThat(inputs.get(0).path("type").asText()).isEqualTo("datasource");
            assertThat(inputs.get(0).path("pluginId").asText()).isEqualTo("prometheus");
            assertThat(inputs.get(0).path("label").asText()).isNotBlank();
            Set<String> used = new HashSet<>();
            Matcher m = placeholder.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(used).as("%s placeholders", dashboard).containsExactly("DS_PROMETHEUS");
            JsonNode current = variable(root.path("templating").path("list"), "datasource").path("current");
            assertThat(current.path("value").asText()).as("%s datasource variable default", dashboard).isEqualTo("${DS_PROMETHEUS}");
            assertThat(text.split(Pattern.quote("${DS_PROMETHEUS}"), -1)).as("%s: the input seeds the variable only", dashboard).hasSize(3);
        }
    }

    @Test
    void dashboardUidsAreUnique() {
        List<String> uids = dashboards.stream().map(d -> DashboardQueries.read(d).path("uid").asText()).toList();
        assertThat(uids).doesNotHaveDuplicates();
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        for (Path dashboard : dashboards) {
            List<Integer> ids = DashboardQueries.panels(DashboardQueries.read(dashboard)).stream()
                    .map(p -> p.path("id").asInt(-1)).toList();
            assertThat(ids).as("%s panel ids", dashboard).doesNotContain(-1).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyPanelHasTitleDescriptionUnitAndTheDatasourceVariable() {
        List<String> problems = new ArrayList<>();
        for (Path dashboard : dashboards) {
            for (JsonNode panel : DashboardQueries.panels(DashboardQueries.read(dashboard))) {
                String where = dashboard.getFileName() + " panel " + panel.path("id").asInt();
                if (panel.path("title").asText().isBlank()) {
                    problems.add(where + ": no title");
                }
                if ("row".equals(panel.path("type").asText())) {
                    continue; // a row only groups panels: it shows no data, so no unit, description or query
                }
                if (panel.path("description").asText().isBlank()) {
                    problems.add(where + ": no description");
                }
                if (panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
                    problems.add(where + ": no fieldConfig.defaults.unit");
                }
                if (!usesDatasourceVariable(panel)) {
                    problems.add(where + ": panel datasource is not " + DATASOURCE);
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + ": no targets");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (!usesDatasourceVariable(target)) {
                        problems.add(where + " target " + target.path("refId").asText() + ": datasource is not " + DATASOURCE);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDashboardHasTheTemplateVariables() {
        for (Path dashboard : dashboards) {
            JsonNode variables = DashboardQueries.read(dashboard).path("templating").path("list");
            assertThat(variable(variables, "datasource").path("query").asText()).as("%s datasource", dashboard).isEqualTo("prometheus");
            JsonNode runId = variable(variables, "run_id");
            assertThat(runId.path("query").path("query").asText()).isEqualTo("label_values(topowatch_train_step, run_id)");
            assertThat(runId.path("multi").asBoolean() && runId.path("includeAll").asBoolean()).as("run_id multi/all").isTrue();
            assertThat(variable(variables, "threshold").path("query").path("query").asText())
                    .isEqualTo("label_values(topowatch_topological_complexity, threshold)");
        }
    }

    @Test
    void everyRateUsesTheRateIntervalAndEveryRangeAGrafanaInterval() {
        List<String> problems = new ArrayList<>();
        for (PanelQuery query : DashboardQueries.extractAll(repo.dashboardsDir())) {
            Matcher call = RANGE_FUNCTION.matcher(query.expr());
            while (call.find()) {
                String argument = argumentOf(query.expr(), call.end());
                if (!argument.contains("[$__rate_interval]")) {
                    problems.add(query + ": " + call.group(1) + "(" + argument + ") does not use [$__rate_interval]");
                }
            }
            Matcher range = RANGE.matcher(query.expr());
            while (range.find()) {
                if (!GRAFANA_RANGES.contains(range.group(1).strip())) {
                    problems.add(query + ": fixed range [" + range.group(1) + "]");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMetricNameIsInTheContract() {
        MetricCatalog catalog = MetricCatalog.load(repo.metricsDoc());
        Set<String> used = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (PanelQuery query : DashboardQueries.extractAll(repo.dashboardsDir())) {
            check(catalog, query.toString(), PromQl.metricNames(query.expr()), used, unknown);
        }
        for (Path dashboard : dashboards) {
            for (String variableQuery : DashboardQueries.variableQueries(dashboard)) {
                check(catalog, dashboard.getFileName() + " variable", PromQl.metricNames(variableQuery), used, unknown);
            }
        }
        for (RuleQuery rule : RuleQueries.extract(repo.rulesFile())) {
            check(catalog, "rule " + rule, PromQl.metricNames(rule.expr()), used, unknown);
        }
        assertThat(unknown).as("metric names not in docs/metrics.md").isEmpty();
        assertThat(used).as("names found (guards against an extractor that finds nothing)")
                .contains("topowatch_betti_number", "topowatch_train_loss", "topowatch_consumer_lag_records");
    }

    @Test
    void everyRuleHasSeveritySummaryDescriptionAndRunbook() {
        List<RuleQuery> rules = RuleQueries.extract(repo.rulesFile());
        assertThat(rules).hasSizeGreaterThanOrEqualTo(9);
        for (RuleQuery rule : rules) {
            assertThat(rule.labels().get("severity")).as("%s severity", rule).isIn("critical", "warning", "info");
            assertThat(rule.annotations()).as("%s annotations", rule).containsKeys("summary", "description", "runbook");
            rule.annotations().values().forEach(text -> assertThat(text).as("%s annotation", rule).isNotBlank());
        }
        assertThat(rules).extracting(RuleQuery::name).doesNotHaveDuplicates();
    }

    private static void check(MetricCatalog catalog, String where, Set<String> names, Set<String> used, List<String> unknown) {
        for (String name : names) {
            used.add(name);
            if (!catalog.isKnown(name)) {
                unknown.add(where + ": " + name);
            }
        }
    }

    private static boolean usesDatasourceVariable(JsonNode node) {
        JsonNode ds = node.path("datasource");
        return DATASOURCE.equals(ds.path("uid").asText()) && "prometheus".equals(ds.path("type").asText());
    }

    private static JsonNode variable(JsonNode variables, String name) {
        for (JsonNode variable : variables) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("no template variable " + name);
    }

    /** The text between the '(' just before {@code from} and its matching ')'. */
    private static String argumentOf(String expr, int from) {
        int depth = 1;
        for (int i = from; i < expr.length(); i++) {
            char c = expr.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                return expr.substring(from, i);
            }
        }
        throw new AssertionError("unbalanced parentheses in " + expr);
    }
}

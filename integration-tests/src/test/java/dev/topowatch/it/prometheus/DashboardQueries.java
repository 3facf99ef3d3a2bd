package dev.topowatch.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the PromQL of Grafana dashboards (classic JSON model): every panel target, including panels
 * nested in collapsed rows, and the template variables' queries.
 */
public final class DashboardQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardQueries() {
    }

    /** Every {@code *.json} dashboard in {@code dir}, sorted by file name. */
    public static List<Path> dashboards(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The panel targets of every dashboard in {@code dir}. */
    public static List<PanelQuery> extractAll(Path dir) {
        return dashboards(dir).stream().flatMap(d -> extract(d).stream()).toList();
    }

    /** The panel targets of one dashboard file that carry an {@code expr}. */
    public static List<PanelQuery> extract(Path dashboard) {
        String name = dashboard.getFileName().toString();
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : panels(read(dashboard))) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new PanelQuery(name, panel.path("id").asInt(), panel.path("title").asText(),
                            target.path("refId").asText(), target.get("expr").asText(),
                            target.path("instant").asBoolean(false)));
                }
            }
        }
        return queries;
    }

    /** The query of every {@code query}-type template variable (e.g. {@code label_values(m, l)}). */
    public static List<String> variableQueries(Path dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : read(dashboard).path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return queries;
    }

    /** All panels, rows included, with the panels of collapsed rows flattened in after their row. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    public static JsonNode read(Path dashboard) {
        try {
            return JSON.readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + dashboard, e);
        }
    }
}

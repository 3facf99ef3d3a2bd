package dev.topowatch.it.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric contract as written in {@code docs/metrics.md}: the tables' first column names each
 * metric, the second its type; a row naming {@code prefix_*} patterns admits whole families
 * (Micrometer's {@code jvm_*}). Series Prometheus makes itself ({@code up}, {@code scrape_*},
 * {@code ALERTS}) are always known.
 */
public final class MetricCatalog {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|");
    private static final Pattern FAMILY = Pattern.compile("`([a-z_:][a-z0-9_:]*_)\\*`");
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");
    private static final List<String> PROMETHEUS_FAMILIES = List.of("scrape_");
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private final Map<String, String> types;
    private final List<String> families;

    private MetricCatalog(Map<String, String> types, List<String> families) {
        this.types = Collections.unmodifiableMap(types);
        this.families = List.copyOf(families);
    }

    public static MetricCatalog load(Path metricsDoc) {
        try {
            return parse(Files.readAllLines(metricsDoc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsDoc, e);
        }
    }

    static MetricCatalog parse(List<String> lines) {
        Map<String, String> types = new LinkedHashMap<>();
        List<String> families = new ArrayList<>(PROMETHEUS_FAMILIES);
        for (String line : lines) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                types.put(row.group(1), row.group(2));
            } else if (line.startsWith("|")) {
                Matcher family = FAMILY.matcher(line);
                while (family.find()) {
                    families.add(family.group(1));
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no metric table rows (| `name` | type | ...) found");
        }
        return new MetricCatalog(types, families);
    }

    /** Documented metric name to its type (gauge, counter, histogram). */
    public Map<String, String> types() {
        return types;
    }

    /** The {@code prefix_} families admitted by pattern. */
    public List<String> families() {
        return families;
    }

    /** Whether a series name is documented, a histogram's {@code _bucket/_sum/_count}, a family member or Prometheus's own. */
    public boolean isKnown(String seriesName) {
        if (types.containsKey(seriesName) || PROMETHEUS_SERIES.contains(seriesName)) {
            return true;
        }
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (seriesName.endsWith(suffix)) {
                String base = seriesName.substring(0, seriesName.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return true;
                }
            }
        }
        return families.stream().anyMatch(seriesName::startsWith);
    }
}

package dev.topowatch.it.prometheus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code prometheus.yml} a test server runs with: fast scrape and rule evaluation (so a test sees
 * data within seconds), the caller's targets, and the rule files by absolute path.
 */
public record PrometheusConfig(List<ScrapeTarget> targets, List<Path> ruleFiles, Duration scrapeInterval, Duration evaluationInterval) {

    public PrometheusConfig {
        targets = List.copyOf(targets);
        ruleFiles = List.copyOf(ruleFiles);
        if (scrapeInterval.isNegative() || scrapeInterval.isZero() || evaluationInterval.isNegative() || evaluationInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
    }

    /** The configuration as YAML. */
    public String toYaml() {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", seconds(scrapeInterval));
        global.put("scrape_timeout", seconds(scrapeInterval));
        global.put("evaluation_interval", seconds(evaluationInterval));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global", global);
        root.put("rule_files", ruleFiles.stream().map(p -> p.toAbsolutePath().toString()).toList());
        root.put("scrape_configs", targets.stream().map(PrometheusConfig::scrapeConfig).toList());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    /** Writes {@link #toYaml()} to {@code file}. */
    public Path write(Path file) throws IOException {
        return Files.writeString(file, toYaml());
    }

    private static Map<String, Object> scrapeConfig(ScrapeTarget target) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("job_name", target.job());
        config.put("metrics_path", target.metricsPath());
        config.put("static_configs", List.of(Map.of("targets", List.of(target.hostPort()))));
        return config;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

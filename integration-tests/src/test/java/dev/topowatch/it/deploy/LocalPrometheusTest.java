package dev.topowatch.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.PromResponse;
import dev.topowatch.it.prometheus.PrometheusBinaries;
import dev.topowatch.it.prometheus.PrometheusServer;
import dev.topowatch.it.prometheus.RuleQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/prometheus/prometheus-local.yml}, the config for a Prometheus users run on their own
 * machine: promtool accepts it where it lies (its rule path is relative to it), and a real Prometheus
 * started with it — only the analyzer's port moved to a free one, the rule path made absolute for
 * the copy — scrapes a running analyzer and loads every shipped rule.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalPrometheusTest {

  private final RepoLayout repo = RepoLayout.find();
  private final Path file = repo.deployDir().resolve("prometheus/prometheus-local.yml");

  @Test
  void promtoolAcceptsTheFileWhereItLiesFromAnyWorkingDirectory(@TempDir Path elsewhere) throws Exception {
    Process promtool = new ProcessBuilder(PrometheusBinaries.promtool().toString(), "check", "config", file.toString())
        .directory(elsewhere.toFile()).redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 1 rule files found").contains("rules found");
  }

  @Test
  void aRealPrometheusWithItScrapesTheAnalyzerAndLoadsTheRules(@TempDir Path dir) throws Exception {
    String text = Files.readString(file);
    assertThat(text).contains("'127.0.0.1:8080'", "'127.0.0.1:9404'", "- ../../dashboards/alerts/topowatch-rules.yml");
    Map<String, String> settings = Map.of(AnalyzerConfig.HTTP_PORT, "0", AnalyzerConfig.KAFKA_PORT, "0",
        AnalyzerConfig.DATA_DIR, dir.toString());
    try (AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(settings))) {
      String config = text
          .replace("'127.0.0.1:8080'", "'127.0.0.1:" + analyzer.httpPort() + "'")
          .replace("- ../../dashboards/alerts/topowatch-rules.yml", "- " + repo.rulesFile())
          .replace("scrape_interval: 5s", "scrape_interval: 1s")
          .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
      Map<String, Object> parsed = new Yaml().load(config);
      assertThat(((List<?>) parsed.get("scrape_configs"))).hasSize(2);
      try (PrometheusServer prometheus = PrometheusServer.builder().config(config).start()) {
        PromResponse up = prometheus.await("up{job=\"topowatch-analyzer\"} == 1", r -> r.isSuccess() && r.seriesCount() == 1,
            Duration.ofSeconds(30));
        assertThat(up.firstValue()).isEqualTo(1.0);
        prometheus.awaitSeries("jvm_memory_used_bytes{job=\"topowatch-analyzer\"}", Duration.ofSeconds(30));
        String rules = prometheus.api().get("/api/v1/rules").data().toString();
        RuleQueries.extract(repo.rulesFile()).forEach(rule -> assertThat(rules).contains("\"name\":\"" + rule.name() + "\""));
      }
    }
  }
}

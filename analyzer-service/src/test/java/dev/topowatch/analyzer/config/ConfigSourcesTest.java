package dev.topowatch.analyzer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  @TempDir Path dir;

  @Test
  void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws Exception {
    Path file = dir.resolve("analyzer.yaml");
    Files.writeString(file, String.join("\n",
        "kafka:",
        "  bootstrap: file:9092",
        "  security.protocol: SSL",
        "http:",
        "  port: 9000",
        "engine:",
        "  thresholds: [0, 0.5, 1]",
        "  layer-wait: 10s",
        "runs.max-live: 7",
        ""));
    Map<String, String> env = Map.of(
        "TOPOWATCH_ANALYZER_HTTP_PORT", "9100",
        "TOPOWATCH_ANALYZER_ENGINE_LAYER_WAIT", "5s",
        "TOPOWATCH_ANALYZER_KAFKA_SASL_MECHANISM", "PLAIN",
        "TOPOWATCH_ANALYZER_KAFKA_GROUP_ID", "from-env",
        "UNRELATED", "x");
    Map<String, String> flags = Map.of("http.port", "9200");
    AnalyzerConfig c = AnalyzerConfig.of(ConfigSources.merge(file, env, flags));
    assertThat(c.httpPort()).isEqualTo(9200);
    assertThat(c.layerWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.thresholds()).containsExactly(0, 0.5, 1);
    assertThat(c.maxLiveRuns()).isEqualTo(7);
    assertThat(c.bootstrap()).contains("file:9092");
    assertThat(c.groupId()).isEqualTo("from-env");
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.kafkaClientProperties("b:1"))
        .containsEntry("security.protocol", "SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("bootstrap.servers", "b:1")
        .doesNotContainKey("group-id")
        .doesNotContainKey("bootstrap");
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    AnalyzerConfig c = AnalyzerConfig.of(Map.of());
    assertThat(c.bootstrap()).isEmpty();
    assertThat(c.groupId()).isEqualTo("topowatch-analyzer");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.activationsTopic()).isEqualTo("topowatch.activations");
    assertThat(c.eventsTopic()).isEqualTo("topowatch.events");
    assertThat(c.backend()).isEqualTo("cpu");
    assertThat(c.construction()).isEqualTo("v");
    assertThat(c.thresholds()).containsExactly(0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75);
    assertThat(c.quantileMode()).isFalse();
    assertThat(c.layerWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxVolumeValues()).isEqualTo(4_000_000);
    assertThat(c.maxLiveRuns()).isEqualTo(50);
    assertThat(c.deadLetterTopic()).isEmpty();
    assertThat(c.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".topowatch"));
  }

  @Test
  void badValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of("engine.backend", "tpu"))).hasMessageContaining("engine.backend");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of("engine.construction", "x"))).hasMessageContaining("engine.construction");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of("engine.layer-wait", "soon"))).hasMessageContaining("duration");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of("engine.quantile-mode", "true", "engine.thresholds", "0.5,2")))
        .hasMessageContaining("quantile");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of("http.port", "eighty"))).hasMessageContaining("http.port");
  }

  @Test
  void durationsInEveryWrittenForm() {
    assertThat(SettingValues.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(SettingValues.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(SettingValues.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(SettingValues.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(SettingValues.parseDuration("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(SettingValues.parseDuration("12")).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigSources.envName("engine.quantile-mode")).isEqualTo("TOPOWATCH_ANALYZER_ENGINE_QUANTILE_MODE");
    assertThat(ConfigSources.envName("data-dir")).isEqualTo("TOPOWATCH_ANALYZER_DATA_DIR");
  }
}

package dev.topowatch.analyzer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run history's retention, the web page's Prometheus and login lifetime: defaults, parsing, clear errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WebSettingsTest {

  @Test
  void defaultsKeepThirtyDaysAndOneGibibyteWithoutPrometheus() {
    AnalyzerConfig config = AnalyzerConfig.of(Map.of());
    assertThat(config.historyRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.historyMaxBytes()).isEqualTo(1L << 30);
    assertThat(config.prometheusUrl()).isEmpty();
  }

  @Test
  void aWebPageLoginLastsTwelveHoursUnlessToldOtherwise() {
    assertThat(AnalyzerConfig.of(Map.of()).sessionTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_SESSION_TTL, "30m")).sessionTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_SESSION_TTL, "0s")))
        .hasMessageContaining(AnalyzerConfig.HTTP_SESSION_TTL).hasMessageContaining("positive");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_SESSION_TTL, "a while")))
        .hasMessageContaining(AnalyzerConfig.HTTP_SESSION_TTL).hasMessageContaining("not a duration");
  }

  @Test
  void sizesTakeBinarySuffixes() {
    assertThat(SettingValues.parseBytes("512")).isEqualTo(512);
    assertThat(SettingValues.parseBytes("64k")).isEqualTo(64L << 10);
    assertThat(SettingValues.parseBytes(" 500M ")).isEqualTo(500L << 20);
    assertThat(SettingValues.parseBytes("2g")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> SettingValues.parseBytes("lots")).hasMessageContaining("not a size: 'lots'");
    assertThatThrownBy(() -> SettingValues.parseBytes("-1m")).hasMessageContaining("not a size");
  }

  @Test
  void badValuesAreRefusedWithTheKeyInTheMessage() {
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HISTORY_MAX_BYTES, "0")))
        .hasMessageContaining(AnalyzerConfig.HISTORY_MAX_BYTES);
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HISTORY_RETENTION, "0s")))
        .hasMessageContaining(AnalyzerConfig.HISTORY_RETENTION);
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.UI_PROMETHEUS_URL, "127.0.0.1:9090")))
        .hasMessageContaining(AnalyzerConfig.UI_PROMETHEUS_URL);
    assertThat(AnalyzerConfig.of(Map.of(AnalyzerConfig.UI_PROMETHEUS_URL, "http://prom:9090/prefix/")).prometheusUrl())
        .contains(URI.create("http://prom:9090/prefix/"));
  }
}

package dev.topowatch.analyzer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.analyzer.stream.InputLimits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The size limits, HTTP and broker security settings: defaults, parsing and validation at start-up. */
@Timeout(10)
class AnalyzerConfigLimitsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AnalyzerConfig c = AnalyzerConfig.of(Map.of());
    assertThat(c.inputLimits()).isEqualTo(InputLimits.DEFAULTS);
    assertThat(c.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.apiToken()).isEmpty();
    assertThat(c.metricsNeedToken()).isFalse();
    assertThat(c.brokerSecurity()).isEmpty();
  }

  @Test
  void badLimitsAreRefusedWithTheKey() {
    for (String key : new String[] {AnalyzerConfig.MAX_MESSAGE_BYTES, AnalyzerConfig.MAX_ID_LENGTH, AnalyzerConfig.MAX_LAYERS}) {
      assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(key, "0"))).hasMessageContaining(key);
      assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(key, "lots"))).hasMessageContaining(key);
    }
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.MAX_VOLUME_VALUES, "600000000")))
        .hasMessageContaining("at most 536870911");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_HOST, " "))).hasMessageContaining("http.host");
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_METRICS_NEED_TOKEN, "yes")))
        .hasMessageContaining("true or false");
  }

  @Test
  void brokerSecurityNeedsAllThreeSettingsAndNeverPrintsPasswords() {
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.BROKER_KEYSTORE, "/k.p12")))
        .hasMessageContaining(AnalyzerConfig.BROKER_SCRAM_USERS);
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.BROKER_KEYSTORE, "/k.p12",
        AnalyzerConfig.BROKER_KEYSTORE_PASSWORD, "pw", AnalyzerConfig.BROKER_SCRAM_USERS, "alice")))
        .hasMessageContaining("name:password").hasMessageNotContaining("pw");
    AnalyzerConfig c = AnalyzerConfig.of(Map.of(AnalyzerConfig.BROKER_KEYSTORE, "/k.p12",
        AnalyzerConfig.BROKER_KEYSTORE_PASSWORD, "pw", AnalyzerConfig.BROKER_SCRAM_USERS, "alice:a:b,bob:c"));
    assertThat(c.brokerSecurity()).hasValueSatisfying(s -> {
      assertThat(s.keyStore()).isEqualTo(Path.of("/k.p12"));
      assertThat(s.users()).containsExactly(Map.entry("alice", "a:b"), Map.entry("bob", "c"));
      assertThat(s.toString()).doesNotContain("a:b").doesNotContain("pw");
    });
  }

  @Test
  void theTokenAndBrokerSecretsComeFromTheEnvironment() {
    Map<String, String> merged = ConfigSources.merge(null, Map.of(
        "TOPOWATCH_ANALYZER_HTTP_API_TOKEN", "t0ken",
        "TOPOWATCH_ANALYZER_BROKER_KEYSTORE", "/k.p12",
        "TOPOWATCH_ANALYZER_BROKER_KEYSTORE_PASSWORD", "pw",
        "TOPOWATCH_ANALYZER_BROKER_SCRAM_USERS", "u:p"), Map.of());
    AnalyzerConfig c = AnalyzerConfig.of(merged);
    assertThat(c.apiToken()).contains("t0ken");
    assertThat(c.brokerSecurity()).hasValueSatisfying(s -> assertThat(s.users()).containsEntry("u", "p"));
  }
}

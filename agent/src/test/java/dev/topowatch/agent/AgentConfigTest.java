package dev.topowatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.agent.AgentConfig.SampleDType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static AgentConfig load(String args, Map<String, String> props, Map<String, String> env) {
    return AgentConfig.load(args, props, env);
  }

  @Test
  void defaults() {
    AgentConfig c = load(null, Map.of(), Map.of());
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.runId()).isNotBlank();
    assertThat(c.powergradAlpha()).isEmpty();
    assertThat(c.sampleEvery()).isEqualTo(50);
    assertThat(c.sampleSize()).isEqualTo(8);
    assertThat(c.layers()).isNull();
    assertThat(c.metricsEvery()).isEqualTo(10);
    assertThat(c.enabled()).isTrue();
    assertThat(c.activationsTopic()).isEqualTo("topowatch.activations");
    assertThat(c.eventsTopic()).isEqualTo("topowatch.events");
    assertThat(c.sampleDType()).isEqualTo(SampleDType.FLOAT32);
    assertThat(c.queueBytes()).isEqualTo(64L << 20);
    assertThat(c.metricsPort()).isEmpty();
    assertThat(c.tags()).isEmpty();
    assertThat(c.problems()).isEmpty();
    assertThat(load(null, Map.of(), Map.of()).runId()).isNotEqualTo(c.runId());
  }

  @Test
  void agentArgumentsWinOverSystemPropertiesWhichWinOverEnvironment() {
    Map<String, String> env = Map.of("TOPOWATCH_SAMPLE_EVERY", "7", "TOPOWATCH_SAMPLE_SIZE", "3",
        "TOPOWATCH_JOB_NAME", "from-env", "TOPOWATCH_KAFKA_BOOTSTRAP", "env:1");
    Map<String, String> props = Map.of("topowatch.sample.every", "9", "topowatch.job.name", "from-prop",
        "unrelated.key", "x");
    AgentConfig c = load("job.name=from-args", props, env);
    assertThat(c.jobName()).isEqualTo("from-args");
    assertThat(c.sampleEvery()).isEqualTo(9);
    assertThat(c.sampleSize()).isEqualTo(3);
    assertThat(c.kafkaBootstrap()).isEqualTo("env:1");
    assertThat(c.problems()).isEmpty();
  }

  @Test
  void kafkaKeysGoToTheProducerFromEverySource() {
    AgentConfig c = load("kafka.security.protocol=SSL", Map.of("topowatch.kafka.acks", "all"),
        Map.of("TOPOWATCH_KAFKA_SASL_MECHANISM", "PLAIN"));
    assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all").containsEntry("sasl.mechanism", "PLAIN")
        .doesNotContainKey("bootstrap");
  }

  @Test
  void commasInsideAValueStayWithIt() {
    AgentConfig c = load("layers=^0[1-3]_\\w{1,9}$,sample.size=2,tags=team:vision;model:cnn", Map.of(), Map.of());
    assertThat(c.layers().pattern()).isEqualTo("^0[1-3]_\\w{1,9}$");
    assertThat(c.sampleSize()).isEqualTo(2);
    assertThat(c.tags()).containsExactly(Map.entry("team", "vision"), Map.entry("model", "cnn"));
  }

  @Test
  void badValuesAreReportedAndFallBackToDefaults() {
    AgentConfig c = load("sample.every=-1,sample.size=lots,metrics.every=x,enabled=maybe,sample.dtype=int8,"
        + "queue.bytes=12,metrics.port=70000,layers=([,bogus.key=1,noequals", Map.of(), Map.of());
    assertThat(c.sampleEvery()).isEqualTo(50);
    assertThat(c.sampleSize()).isEqualTo(8);
    assertThat(c.metricsEvery()).isEqualTo(10);
    assertThat(c.enabled()).isTrue();
    assertThat(c.sampleDType()).isEqualTo(SampleDType.FLOAT32);
    assertThat(c.queueBytes()).isEqualTo(64L << 20);
    assertThat(c.metricsPort()).isEmpty();
    assertThat(c.layers()).isNull();
    assertThat(c.problems()).hasSize(9)
        .anyMatch(p -> p.startsWith("sample.every=-1"))
        .anyMatch(p -> p.startsWith("sample.size=lots"))
        .anyMatch(p -> p.contains("unknown key 'bogus.key'"))
        .anyMatch(p -> p.startsWith("layers=(["));
  }

  @Test
  void noEqualsPieceBeforeAnyKeyIsReported() {
    assertThat(load("oops,sample.size=2", Map.of(), Map.of()).problems())
        .containsExactly("agent argument 'oops' is not key=value; ignored");
  }

  @Test
  void alphaOutsideTheUnitIntervalTurnsPowerGradOff() {
    assertThat(load("powergrad.alpha=0.25", Map.of(), Map.of()).powergradAlpha()).hasValue(0.25);
    AgentConfig high = load("powergrad.alpha=1.5", Map.of(), Map.of());
    assertThat(high.powergradAlpha()).isEmpty();
    assertThat(high.problems()).containsExactly("powergrad.alpha=1.5: must be in [0, 1]; PowerGrad off");
    assertThat(load(null, Map.of(), Map.of("TOPOWATCH_POWERGRAD_ALPHA", "abc")).problems())
        .containsExactly("powergrad.alpha=abc: not a number; PowerGrad off");
  }

  @Test
  void unknownEnvironmentKeysAreReported() {
    AgentConfig c = load(null, Map.of(), Map.of("TOPOWATCH_SAMPEL_EVERY", "3"));
    assertThat(c.problems()).containsExactly("unknown key 'sampel.every' ignored");
  }

  @Test
  void byteSizesAcceptSuffixesAndDisableSwitches() {
    AgentConfig c = load("queue.bytes=16m,enabled=false,sample.dtype=BFLOAT16,metrics.port=0", Map.of(), Map.of());
    assertThat(c.queueBytes()).isEqualTo(16L << 20);
    assertThat(c.enabled()).isFalse();
    assertThat(c.sampleDType()).isEqualTo(SampleDType.BFLOAT16);
    assertThat(c.metricsPort()).hasValue(0);
  }

  @Test
  void environmentNamesFollowTheContract() {
    assertThat(AgentConfig.envName("kafka.bootstrap")).isEqualTo("TOPOWATCH_KAFKA_BOOTSTRAP");
    assertThat(AgentConfig.envName("topics.activations")).isEqualTo("TOPOWATCH_TOPICS_ACTIVATIONS");
    assertThat(AgentConfig.keys()).contains("kafka.bootstrap", "run.id", "job.name", "powergrad.alpha",
        "sample.every", "sample.size", "layers", "metrics.every", "enabled");
  }

  @Test
  void aByteCountThatOverflowsIsRefusedNotWrapped() {
    AgentConfig c = load("queue.bytes=9999999999999g", Map.of(), Map.of());
    assertThat(c.queueBytes()).isEqualTo(64L << 20);
    assertThat(c.problems()).singleElement().asString().startsWith("queue.bytes=9999999999999g");
  }

  /** docs/agent.md's table of keys lists exactly the keys the agent declares, in its order. */
  @Test
  void theAgentGuideListsEveryDeclaredKey() throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.isRegularFile(dir.resolve("docs/agent.md"))) {
      dir = dir.getParent();
    }
    java.util.List<String> documented = new java.util.ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(dir.resolve("docs/agent.md"))) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| `([a-z.]+)`(?: / `([a-z.]+)`)? \\|").matcher(line);
      if (m.find()) {
        documented.add(m.group(1));
        if (m.group(2) != null) {
          documented.add(m.group(2));
        }
      }
    }
    assertThat(documented).containsExactlyElementsOf(AgentConfig.keys());
  }
}

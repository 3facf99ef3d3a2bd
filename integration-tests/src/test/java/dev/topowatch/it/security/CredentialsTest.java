package dev.topowatch.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.EmbeddedKafka;
import dev.topowatch.broker.TestCertificates;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.TrainerProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials end to end, with throw-away certificates and SCRAM users: a broker with TLS and
 * SCRAM-SHA-512, the analyzer and a real training JVM with the shaded agent. With the right settings
 * the run arrives and is analysed; with a wrong password the agent says so in one line, counts its
 * drops and training completes all the same, and the analyzer's /health answers 503 with the reason.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CredentialsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static TestCertificates certs;
  static EmbeddedKafka kafka;
  static AnalyzerService analyzer;

  @BeforeAll
  static void securedBrokerAndAnalyzer() throws Exception {
    RepoLayout.find().agentJar();
    certs = TestCertificates.create(dir);
    kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0)
        .security(certs.brokerSecurity(Map.of("agent", "agent-secret", "analyzer", "analyzer-secret")))
        .build().start();
    analyzer = AnalyzerService.start(analyzerConfig("analyzer-secret", "good"));
  }

  @AfterAll
  static void stop() {
    if (analyzer != null) {
      analyzer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theRightSettingsGetARunAnalysed() throws Exception {
    await("analyzer healthy").atMost(Duration.ofSeconds(60)).until(() -> get(analyzer, "/health").statusCode() == 200);
    Result r = train("it-secure", "agent-secret");
    assertThat(r.exit).as(r.stderr).isZero();
    assertThat(r.stderr).doesNotContain("refused");
    await("run analysed").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      HttpResponse<String> run = get(analyzer, "/api/runs/it-secure");
      assertThat(run.statusCode()).isEqualTo(200);
      JsonObject json = new JsonObject(run.body());
      assertThat(json.getLong("samples_processed")).isPositive();
      assertThat(json.getString("status")).isEqualTo("COMPLETED");
    });
  }

  @Test
  void aWrongPasswordIsRefusedClearlyAndTrainingCompletes() throws Exception {
    Result r = train("it-wrong-password", "not-the-password");
    assertThat(r.exit).as(r.stderr).isZero();
    assertThat(r.stdout).contains("summary:");
    r.stderr.lines().filter(l -> l.startsWith("[topowatch]")).forEach(l -> System.out.println("wrong password, agent: " + l));
    List<String> refusals = r.stderr.lines().filter(l -> l.contains("refused")).toList();
    assertThat(refusals).as(r.stderr).singleElement().asString()
        .startsWith("[topowatch] Kafka refused the agent's connection").contains("SCRAM-SHA-512");
    assertThat(r.stderr).containsPattern("samples sent 0, samples dropped [1-9]");
    assertThat(get(analyzer, "/api/runs/it-wrong-password").statusCode()).isEqualTo(404);

    try (AnalyzerService wrong = AnalyzerService.start(analyzerConfig("not-the-password", "wrong"))) {
      await("503 with the reason").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> health = get(wrong, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("reason")).contains("broker unreachable")
            .containsIgnoringCase("authentication failed");
      });
    }
  }

  /** The analyzer on the secured broker as the SCRAM user {@code analyzer}. */
  private static AnalyzerConfig analyzerConfig(String password, String name) {
    Map<String, String> settings = new HashMap<>();
    settings.put(AnalyzerConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    settings.put(AnalyzerConfig.KAFKA_GROUP_ID, "analyzer-" + name);
    settings.put(AnalyzerConfig.HTTP_PORT, "0");
    settings.put(AnalyzerConfig.DATA_DIR, dir.resolve("analyzer-" + name).toString());
    settings.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "1s");
    certs.clientSettings("analyzer", password).forEach((k, v) -> settings.put("kafka." + k, v));
    return AnalyzerConfig.of(settings);
  }

  record Result(int exit, String stdout, String stderr) {}

  /** The sample trainer with the agent, as the SCRAM user {@code agent}, in agent-argument syntax. */
  private static Result train(String runId, String password) throws Exception {
    String kafkaSettings = certs.clientSettings("agent", password).entrySet().stream()
        .map(e -> "kafka." + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    String agentArgs = "kafka.bootstrap=" + kafka.bootstrapServers() + ",run.id=" + runId + ",sample.every=5," + kafkaSettings;
    Path work = Files.createDirectories(dir.resolve(runId));
    ProcessBuilder pb = TrainerProcess.command(RepoLayout.find().agentJar(), agentArgs,
        // 2,000 steps (several seconds): long enough for a refusal to reach the agent however slow the
        // TLS + SCRAM exchange is on a busy machine. A 20-step run ended in CI before the broker had
        // answered, and the agent could only report a metadata timeout.
        List.of("--synthetic", "--steps", "400", "--epochs", "5", "--batch-size", "8", "--log-every", "0"), "1g");
    Process p = pb.redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile()).start();
    if (!p.waitFor(150, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("trainer did not finish: " + Files.readString(work.resolve("stderr.txt")));
    }
    return new Result(p.exitValue(), Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(AnalyzerService service, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.topowatch.it.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.harness.TrainerProcess;
import dev.topowatch.it.agent.Telemetry;
import dev.topowatch.it.prometheus.DashboardQueries;
import dev.topowatch.it.prometheus.PanelQuery;
import dev.topowatch.it.prometheus.PromResponse;
import dev.topowatch.it.prometheus.PromQl;
import dev.topowatch.it.prometheus.PrometheusServer;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import dev.topowatch.it.prometheus.ScrapeTarget;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain in one run, on the embedded broker: the sample DJL trainer in its own JVM with the
 * agent (PowerGrad α = 0.25, its metrics port on), the analyzer, and a real Prometheus scraping both.
 * Then every dashboard panel must return data over the run and every alert rule must evaluate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullChainTest {

  private static final String RUN_ID = "chain-" + Long.toString(System.currentTimeMillis(), 36);
  private static final int STEPS_PER_EPOCH = 400;
  private static final int EPOCHS = 2;
  private static final int SAMPLE_EVERY = 40;
  private static final double ALPHA = 0.25;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Panels that may be empty in a healthy run, with the reason (dashboards/README.md lists them).
   * This run has a validation set, 3-D conv layers and a scraped agent, so none is expected.
   */
  private static final Set<String> LEGITIMATELY_EMPTY = Set.of();

  private final RepoLayout repo = RepoLayout.find();
  private AnalyzerService analyzer;
  private PrometheusServer prometheus;
  private Instant started;
  private Instant finished;
  private JsonNode run;
  private String trainerLog;

  @BeforeAll
  @Timeout(value = 8, unit = TimeUnit.MINUTES) // a 4-minute trainer limit, then 90 s to catch up
  void runTheChain(@TempDir Path dir) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(AnalyzerConfig.HTTP_PORT, "0");
    settings.put(AnalyzerConfig.KAFKA_PORT, "0");
    settings.put(AnalyzerConfig.DATA_DIR, dir.resolve("analyzer").toString());
    settings.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "5s");
    analyzer = AnalyzerService.start(AnalyzerConfig.of(settings));
    int agentMetricsPort = freePort();
    prometheus = PrometheusServer.builder()
        .scrape(new ScrapeTarget("topowatch-analyzer", "127.0.0.1:" + analyzer.httpPort()))
        .scrape(new ScrapeTarget("topowatch-agent", "127.0.0.1:" + agentMetricsPort))
        .ruleFile(repo.rulesFile())
        // The trainer lives a few seconds on an idle machine: scrape often enough to see its agent.
        .scrapeInterval(Duration.ofMillis(250))
        .evaluationInterval(Duration.ofSeconds(1))
        .start();

    started = Instant.now();
    Map<String, String> agent = new LinkedHashMap<>();
    agent.put("kafka.bootstrap", analyzer.bootstrapServers());
    agent.put("run.id", RUN_ID);
    agent.put("job.name", "full-chain");
    agent.put("powergrad.alpha", String.valueOf(ALPHA));
    agent.put("sample.every", String.valueOf(SAMPLE_EVERY));
    agent.put("sample.size", "4");
    agent.put("metrics.every", "1");
    agent.put("metrics.port", String.valueOf(agentMetricsPort));
    List<String> args = List.of("--synthetic", "--steps", String.valueOf(STEPS_PER_EPOCH), "--epochs", String.valueOf(EPOCHS),
        "--batch-size", "16", "--validation", "--log-every", "1");
    TrainerProcess trainer = TrainerProcess.start(repo.agentJar(), agent, args, dir.resolve("trainer.log"));
    int exit = trainer.waitFor(Duration.ofMinutes(4));
    trainer.stop();
    trainerLog = java.nio.file.Files.readString(dir.resolve("trainer.log"));
    assertThat(exit).as("trainer exit code; its log:%n%s", trainerLog).isZero();
    run = awaitCaughtUp();
    // Two scrapes after the last update, so rate() panels see the final values too: the latest scrape of
    // the analyzer is more than one scrape interval (250 ms) after it caught up.
    double caughtUp = Instant.now().toEpochMilli() / 1000.0;
    prometheus.await("timestamp(up{job=\"topowatch-analyzer\"})", r -> r.isSuccess() && r.seriesCount() > 0
        && r.firstValue() > caughtUp + 0.25, Duration.ofSeconds(30));
    finished = Instant.now();
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (analyzer != null) {
      analyzer.close();
    }
  }

  @Test
  void theRunIsListedWithItsPowerGradAlpha() throws Exception {
    JsonNode runs = get("/api/runs");
    List<String> ids = new ArrayList<>();
    runs.path("runs").forEach(r -> ids.add(r.path("run_id").asText()));
    assertThat(ids).contains(RUN_ID);
    assertThat(run.path("powergrad_enabled").asBoolean()).isTrue();
    assertThat(run.path("powergrad_alpha").asDouble()).isEqualTo(ALPHA);
    assertThat(prometheus.query("topowatch_powergrad_alpha{run_id=\"" + RUN_ID + "\"}").firstValue()).isEqualTo(ALPHA);
  }

  @Test
  void everyLayerHasBettiNumbersAndOmegaInPrometheus() {
    List<String> layers = new ArrayList<>();
    run.path("layers").forEach(l -> layers.add(l.path("name").asText()));
    assertThat(layers).hasSizeGreaterThanOrEqualTo(5);
    for (String layer : layers) {
      String selector = "{run_id=\"" + RUN_ID + "\",layer=\"" + layer + "\"}";
      assertThat(prometheus.query("topowatch_betti_number" + selector).seriesCount()).as("betti of %s", layer).isPositive();
      assertThat(prometheus.query("topowatch_topological_complexity" + selector).seriesCount()).as("omega of %s", layer).isPositive();
    }
    assertThat(prometheus.query("topowatch_samples_processed_total{run_id=\"" + RUN_ID + "\"}").firstValue()).isPositive();
  }

  @Test
  void thetaIsReportedForEverySampledStep() {
    long sampledSteps = (STEPS_PER_EPOCH * EPOCHS + SAMPLE_EVERY - 1) / SAMPLE_EVERY;
    JsonNode thetaByThreshold = run.path("theta");
    assertThat(thetaByThreshold.size()).isPositive();
    thetaByThreshold.forEach(history -> {
      Set<Long> steps = new TreeSet<>();
      history.forEach(p -> steps.add(p.path("step").asLong()));
      assertThat(steps).hasSize((int) sampledSteps);
      assertThat(steps).allMatch(s -> s % SAMPLE_EVERY == 0);
    });
    assertThat(prometheus.query("topowatch_topological_decay_rate{run_id=\"" + RUN_ID + "\"}").seriesCount())
        .isEqualTo(thetaByThreshold.size());
  }

  @Test
  void prometheusScrapedTheAgentWhileItTrained() {
    PromResponse up = prometheus.queryRange("up{job=\"topowatch-agent\"} == 1", started, finished, Duration.ofSeconds(1));
    assertThat(up.seriesCount()).as("agent scrapes; trainer log:%n%s%nPrometheus log: %s", trainerLog, prometheus.logTail()).isPositive();
  }

  @Test
  void everyDashboardPanelReturnsDataOverTheRun() {
    List<String> empty = new ArrayList<>();
    for (PanelQuery panel : DashboardQueries.extractAll(repo.dashboardsDir())) {
      String expr = panel.promQl(Map.of("run_id", RUN_ID));
      PromResponse response = prometheus.queryRange(expr, started, finished, Duration.ofSeconds(1));
      assertThat(response.isSuccess()).as("%s: %s -> %s", panel, expr, response.error()).isTrue();
      if (response.seriesCount() == 0 && !LEGITIMATELY_EMPTY.contains(panel.toString())) {
        empty.add(panel + ": " + expr);
      }
    }
    assertThat(empty).as("panels without data in a healthy run").isEmpty();
  }

  @Test
  void everyAlertRuleEvaluates() {
    for (RuleQuery rule : RuleQueries.extract(repo.rulesFile())) {
      PromResponse response = prometheus.query(PromQl.substitute(rule.expr()));
      assertThat(response.isSuccess()).as("%s: %s -> %s", rule.name(), rule.expr(), response.error()).isTrue();
    }
  }

  /**
   * Values, not presence: for every layer and threshold, the mean Betti numbers the API shows for
   * the layer's latest step equal the engine's on the very volumes the agent published for that
   * step (read back from the broker), and Prometheus holds the same numbers.
   */
  @Test
  void bettiNumbersAgreeAcrossTheEngineTheApiAndPrometheus() throws Exception {
    Telemetry published = Telemetry.read(analyzer.bootstrapServers(), RUN_ID, Duration.ofSeconds(30));
    List<String> labels = new ArrayList<>();
    run.path("thresholds").forEach(t -> labels.add(t.asText()));
    double[] thresholds = labels.stream().mapToDouble(Double::parseDouble).toArray();
    assertThat(thresholds).hasSize(8);
    int compared = 0;
    try (BettiEngine engine = new CpuBettiEngine(1)) {
      for (JsonNode layer : run.path("layers")) {
        int index = layer.path("index").asInt();
        long step = layer.path("step").asLong();
        List<Volume> volumes = published.samples.stream()
            .filter(s -> s.getLayerIndex() == index && s.getStep() == step)
            .map(FullChainTest::volume).toList();
        assertThat(volumes).as("published samples of layer %d at step %d", index, step).hasSize(layer.path("samples").asInt());
        double[][] expected = meanBetti(engine.betti(volumes, Construction.V, thresholds));
        for (int t = 0; t < labels.size(); t++) {
          JsonNode api = layer.path("thresholds").path(labels.get(t)).path("betti");
          assertThat(api.size()).isEqualTo(expected[t].length);
          for (int dim = 0; dim < api.size(); dim++) {
            String what = layer.path("name").asText() + " step " + step + " threshold " + labels.get(t) + " dim " + dim;
            assertThat(api.get(dim).asDouble()).as("API vs engine, %s", what).isEqualTo(expected[t][dim]);
            double fromPrometheus = prometheus.query("topowatch_betti_number{run_id=\"" + RUN_ID + "\",layer=\""
                + layer.path("name").asText() + "\",dim=\"" + dim + "\",threshold=\"" + labels.get(t) + "\"}").firstValue();
            assertThat(fromPrometheus).as("Prometheus vs API, %s", what).isEqualTo(expected[t][dim]);
            compared++;
          }
        }
      }
    }
    assertThat(compared).as("Betti numbers compared").isGreaterThan(100);
  }

  private static Volume volume(ActivationSample s) {
    FloatBuffer values = s.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] data = new float[values.remaining()];
    values.get(data);
    return Volume.of(data, s.getShapeList().stream().mapToInt(Long::intValue).toArray());
  }

  /** Mean over the samples, per threshold and dimension. */
  private static double[][] meanBetti(long[][][] perSample) {
    double[][] mean = new double[perSample[0].length][perSample[0][0].length];
    for (long[][] sample : perSample) {
      for (int t = 0; t < mean.length; t++) {
        for (int k = 0; k < mean[t].length; k++) {
          mean[t][k] += (double) sample[t][k] / perSample.length;
        }
      }
    }
    return mean;
  }

  /** Waits until the run has finished and two polls 2 s apart see the same processed count. */
  private JsonNode awaitCaughtUp() {
    AtomicLong last = new AtomicLong(-1);
    AtomicReference<JsonNode> current = new AtomicReference<>();
    try {
      return Awaitility.await("the analyzer to catch up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
          .until(() -> {
            current.set(get("/api/runs/" + RUN_ID));
            long processed = current.get().path("samples_processed").asLong(-1);
            boolean stable = processed > 0 && processed == last.getAndSet(processed);
            return stable && !current.get().path("active").asBoolean(true) ? current.get() : null;
          }, Objects::nonNull);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("analyzer did not catch up; last state: " + current.get(), e);
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + analyzer.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}

package dev.topowatch.it.web;

import static dev.topowatch.it.web.PageProbe.js;
import static dev.topowatch.it.web.PageProbe.points;
import static dev.topowatch.it.web.PageProbe.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.TrainerProcess;
import dev.topowatch.it.prometheus.PrometheusServer;
import dev.topowatch.it.prometheus.ScrapeTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The web page in a real browser while real runs stream in: two sample DJL trainers with the agent
 * (one with PowerGrad), the analyzer on its embedded broker, and a real Prometheus that scrapes it
 * with the shipped rules and that the page's alert panel asks. Headless Chromium opens the run
 * list, follows the link to a run, and the test checks what a user would look at: the run is
 * there, the charts have points (as many as the API has values), the layer table has every layer,
 * the page updates without a reload, the console shows no error. Screenshots: target/screenshots/.
 *
 * <p>The browser runs as on a loaded machine ({@link SlowMachine}): its event stream connects 3 s
 * late and its records arrive 1.5 s after the analyzer read them, so the page must load without
 * losing or regressing a record whatever the timing. Two kinds of wait: {@link #SLOW} for what the
 * machine's speed decides (trainers, the analyzer, Prometheus; generous, since other builds share
 * the machine), {@link #SETTLE} for the page to show data the API already has.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES) // about 1.5 minutes on an idle 2-core machine
class WebUiBrowserTest {

  private static final String RUN = "web-" + Long.toString(System.currentTimeMillis(), 36);
  private static final String OTHER = RUN + "-b";
  /** What the machine's speed decides: up to 40 times slower than idle at a load average of 80 on 2 cores. */
  private static final Duration SLOW = Duration.ofMinutes(6);
  /** For the page to show what the API already has: rendering and one live event, not the machine's speed. */
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration LAYER_WAIT = Duration.ofSeconds(5);
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final RepoLayout repo = RepoLayout.find();
  private AnalyzerService analyzer;

  @Test
  void theRunPageFollowsARealRunLive(@TempDir Path dir) throws Exception {
    int httpPort = freePort();
    try (PrometheusServer prometheus = PrometheusServer.builder()
            .scrape(new ScrapeTarget("topowatch-analyzer", "127.0.0.1:" + httpPort))
            .ruleFile(repo.rulesFile())
            .start();
        AnalyzerService started = AnalyzerService.start(AnalyzerConfig.of(Map.of(
            AnalyzerConfig.HTTP_PORT, String.valueOf(httpPort),
            AnalyzerConfig.KAFKA_PORT, "0",
            AnalyzerConfig.DATA_DIR, dir.resolve("analyzer").toString(),
            AnalyzerConfig.ENGINE_LAYER_WAIT, LAYER_WAIT.toSeconds() + "s",
            AnalyzerConfig.UI_PROMETHEUS_URL, prometheus.baseUri().toString())))) {
      analyzer = started;
      TrainerProcess a = null;
      TrainerProcess b = null;
      try (HeadlessChromium chromium = new HeadlessChromium(1400, 1000)) {
        var driver = chromium.driver;
        chromium.beforeEveryPage(SlowMachine.script(Duration.ofSeconds(3), Duration.ofMillis(1500)));
        driver.get(page("/")); // before the runs start, so the page sees them stream from their first records
        await().atMost(SETTLE).until(() -> text(driver, "#app").contains("No runs yet"));
        a = trainer(RUN, "0.25", 300, dir.resolve("a.log"));
        b = trainer(OTHER, null, 150, dir.resolve("b.log"));
        await().atMost(SLOW).ignoreExceptions()
            .until(() -> driver.findElement(By.cssSelector("tr[data-run-id='" + RUN + "'] a")).isDisplayed());
        chromium.screenshot(SHOTS.resolve("run-list.png"));
        driver.executeScript("window.notReloaded = true");
        // The list redraws as rows change: find the link again until a click lands.
        click(driver, "tr[data-run-id='" + RUN + "'] a"); // the page's own router: no reload from here on
        assertThat(driver.getCurrentUrl()).isEqualTo(page("/runs/" + RUN));

        await().atMost(SLOW).until(() -> points(driver, "theta") > 0 && points(driver, "loss") > 0 && points(driver, "accuracy") > 0);
        await().atMost(SLOW).until(() -> text(driver, "[data-table=alerts]").contains("inactive"));
        String step = text(driver, "[data-tile=step] strong");
        await().atMost(SLOW).until(() -> !text(driver, "[data-tile=step] strong").equals(step));
        assertThat(driver.executeScript("return window.notReloaded === true")).as("updated without a reload").isEqualTo(true);
        chromium.screenshot(SHOTS.resolve("run-page-live.png"));

        assertThat(a.waitFor(SLOW)).as("trainer A exit code").isZero();
        assertThat(b.waitFor(SLOW)).as("trainer B exit code").isZero();
        JsonNode series = awaitFinished(RUN);
        await().atMost(SETTLE).until(() -> text(driver, "[data-status]").equals("COMPLETED"));
        // The charts hold what the API holds: every θ value of every threshold, every gap. A step
        // published again (its late samples arrived after engine.layer-wait) replaces its first
        // record, on the page as in the analyzer's fold: count the last record of each step.
        Map<Long, JsonNode> topologyByStep = new TreeMap<>();
        long gaps = 0;
        long losses = 0;
        List<String> layers = new ArrayList<>();
        for (JsonNode r : series.path("records")) {
          if (r.path("type").asText().equals("topology")) {
            topologyByStep.put(r.path("step").asLong(), r);
          }
          if (r.path("type").asText().equals("epoch") && r.path("generalization_gap").isNumber()) {
            gaps++;
          }
          if (r.path("type").asText().equals("step")) {
            losses += r.path("loss").isNumber() ? 1 : 0;
          }
          if (r.path("type").asText().equals("epoch")) {
            losses += (r.path("train_loss").isNumber() ? 1 : 0) + (r.path("validation_loss").isNumber() ? 1 : 0);
          }
          if (r.path("type").asText().equals("run")) {
            r.path("layers").forEach(l -> layers.add(l.path("name").asText()));
          }
        }
        long thetaValues = 0;
        for (JsonNode r : topologyByStep.values()) {
          for (JsonNode v : r.path("theta")) {
            thetaValues += v.isNumber() ? 1 : 0;
          }
        }
        long expectedTheta = thetaValues;
        long expectedGaps = gaps;
        long expectedLosses = losses;
        await("the charts hold every θ, gap and loss value of the API").atMost(SETTLE).untilAsserted(() ->
            assertThat(List.of(points(driver, "theta"), points(driver, "gap"), points(driver, "loss")))
                .isEqualTo(List.of(expectedTheta, expectedGaps, expectedLosses)));
        assertThat(expectedGaps).as("one gap per epoch").isEqualTo(3);
        assertThat(layers).hasSizeGreaterThanOrEqualTo(5);
        List<List<String>> rows = layerRows(driver);
        assertThat(rows).extracting(r -> r.get(0)).isEqualTo(layers);
        assertThat(rows).allSatisfy(r -> assertThat(r.get(1)).as("Ω of %s", r.get(0)).matches("\\d+\\.\\d"));
        assertThat(driver.findElements(By.cssSelector("[data-chart^=omega-]"))).hasSize(layers.size());
        assertThat(text(driver, "[data-verdict]")).contains("rules evaluated by Prometheus");
        chromium.screenshot(SHOTS.resolve("run-page.png"));

        driver.findElement(By.cssSelector("header a[href='/']")).click();
        click(driver, "tr[data-run-id='" + RUN + "'] input[type=checkbox]");
        click(driver, "tr[data-run-id='" + OTHER + "'] input[type=checkbox]");
        click(driver, "button[data-action=compare]");
        await().atMost(SETTLE).until(() -> points(driver, "compare-theta") > expectedTheta / 8 && points(driver, "compare-gap") == 6);
        assertThat(driver.getCurrentUrl()).contains("/compare?a=");
        chromium.screenshot(SHOTS.resolve("compare.png"));
        assertThat(driver.executeScript("return window.notReloaded === true")).isEqualTo(true);

        assertThat(chromium.consoleErrors()).as("console errors").isEmpty();
      } finally {
        for (TrainerProcess t : new TrainerProcess[] {a, b}) {
          if (t != null) {
            t.stop();
          }
        }
      }
    }
  }

  private TrainerProcess trainer(String runId, String alpha, int steps, Path log) throws IOException {
    Map<String, String> agent = new LinkedHashMap<>();
    agent.put("kafka.bootstrap", analyzer.bootstrapServers());
    agent.put("run.id", runId);
    agent.put("job.name", "browser-test");
    agent.put("sample.every", "10");
    agent.put("sample.size", "4");
    agent.put("metrics.every", "5");
    if (alpha != null) {
      agent.put("powergrad.alpha", alpha);
    }
    return TrainerProcess.start(repo.agentJar(), agent, List.of("--synthetic", "--total-steps", String.valueOf(steps), "--epochs", "3",
        "--batch-size", "16", "--validation", "--seed", "7", "--log-every", "50"), log);
  }

  /**
   * The run's series once it has finished and settled: COMPLETED, and neither its sample count nor
   * its records changed for longer than the layer wait (a step that lacks a sample is published
   * when the wait runs out, after RunFinished).
   */
  private JsonNode awaitFinished(String runId) {
    String[] last = {""};
    long[] unchangedSince = {System.nanoTime()};
    return await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).until(() -> {
      JsonNode s = get("/api/runs/" + runId + "/series");
      String state = s.path("run").path("status").asText() + " " + s.path("run").path("samples_processed").asLong()
          + " " + s.path("records").size();
      if (!state.equals(last[0])) {
        last[0] = state;
        unchangedSince[0] = System.nanoTime();
        return null;
      }
      boolean settled = Duration.ofNanos(System.nanoTime() - unchangedSince[0]).compareTo(LAYER_WAIT.plusSeconds(1)) > 0;
      return settled && state.startsWith("COMPLETED ") ? s : null;
    }, s -> s != null);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(page(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private String page(String path) {
    return "http://127.0.0.1:" + analyzer.httpPort() + path;
  }

  private static void click(org.openqa.selenium.WebDriver driver, String css) {
    await().atMost(SETTLE).ignoreExceptions().until(() -> {
      driver.findElement(By.cssSelector(css)).click();
      return true;
    });
  }

  /** One value per row of the layer table: the row's data-layer and its Ω cell, read in one go. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> layerRows(org.openqa.selenium.WebDriver driver) {
    return (List<List<String>>) js(driver, "return [...document.querySelectorAll('[data-table=layers] tbody tr')]"
        + ".map(r => [r.dataset.layer, r.cells[8].innerText]);");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}

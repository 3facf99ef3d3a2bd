package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.SharedBroker;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The web page's files and the JSON API behind it (docs/api.md), on a real analyzer and broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern IMPORT = Pattern.compile("from '([^']+)'");

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  @Test
  void thePageAndEveryModuleItImportsAreServedFromTheJar() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      HttpResponse<String> index = h.get("/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("\"uplot\": \"/vendor/uplot/uPlot.esm.js\"").contains("/static/js/app.js");
      assertThat(h.get("/runs/any-run").body()).isEqualTo(index.body());
      assertThat(h.get("/compare?a=x&b=y").body()).isEqualTo(index.body());
      HttpResponse<String> uplot = h.get("/vendor/uplot/uPlot.esm.js");
      assertThat(uplot.statusCode()).isEqualTo(200);
      assertThat(uplot.headers().firstValue("content-type").orElse("")).contains("javascript");
      assertThat(uplot.body()).contains("export { uPlot as default }");
      assertThat(h.get("/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
      // Walk the ES modules from app.js: every relative import must be served.
      List<String> pending = new java.util.ArrayList<>(List.of("/static/js/app.js"));
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (!pending.isEmpty()) {
        String path = pending.remove(0);
        if (!seen.add(path)) {
          continue;
        }
        HttpResponse<String> module = h.get(path);
        assertThat(module.statusCode()).as(path).isEqualTo(200);
        assertThat(module.headers().firstValue("content-type").orElse("")).as(path).contains("javascript");
        Matcher m = IMPORT.matcher(module.body());
        while (m.find()) {
          if (m.group(1).startsWith(".")) {
            pending.add(URI.create(path).resolve(m.group(1)).toString());
          }
        }
      }
      assertThat(seen).contains("/static/js/views/runPage.js", "/static/js/model.js", "/static/js/charts.js");
    }
  }

  @Test
  void aRunIsListedChartedExportedAndStreamedLive() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start();
        EventStream events = EventStream.open(h.service.httpPort(), "/api/events?run=live")) {
      feedTwoSteps(h, "live");
      await().atMost(WAIT).until(() -> row(h, "live") != null && row(h, "live").getLong("samples_processed") == 4);
      JsonObject row = row(h, "live");
      assertThat(row.getString("job_name")).isEqualTo("job-live");
      assertThat(row.getString("status")).isEqualTo("RUNNING");
      assertThat(row.getBoolean("live")).isTrue();
      assertThat(row.getDouble("powergrad_alpha")).isEqualTo(0.5);
      assertThat(row.getLong("latest_step")).isEqualTo(1);

      JsonObject series = new JsonObject(h.get("/api/runs/live/series").body());
      assertThat(series.getJsonObject("run").getString("run_id")).isEqualTo("live");
      JsonArray records = series.getJsonArray("records");
      assertThat(types(records)).containsExactly("run", "step", "epoch", "topology", "topology");
      JsonObject step1 = records.getJsonObject(4);
      assertThat(step1.getLong("step")).isEqualTo(1);
      // Layer 0 is a ring (b0 = 1, b1 = 1) and layer 1 three blobs (b0 = 3) below η = 1.
      assertThat(step1.getJsonArray("layers").getJsonObject(0).getJsonObject("betti").getJsonArray("0.5").getList()).containsExactly(1.0, 1.0);
      assertThat(step1.getJsonArray("layers").getJsonObject(1).getJsonObject("omega").getDouble("0.5")).isEqualTo(3.0);
      assertThat(step1.getJsonObject("theta").containsKey("0.5")).isTrue();

      HttpResponse<String> csv = h.get("/api/runs/live/export?format=csv");
      assertThat(csv.headers().firstValue("content-disposition").orElse("")).isEqualTo("attachment; filename=\"topowatch-live.csv\"");
      assertThat(csv.body()).startsWith("run_id,series,step,epoch,layer,threshold,value\n")
          .contains("live,omega,1,,01_layer,0.5,3.0\n").contains("live,loss,1,0,,,0.7\n");
      HttpResponse<String> json = h.get("/api/runs/live/export?format=json");
      assertThat(json.headers().firstValue("content-disposition").orElse("")).contains("topowatch-live.json");
      assertThat(new JsonObject(json.body()).getJsonArray("records")).isEqualTo(records);
      assertThat(h.get("/api/runs/live/export?format=xml").statusCode()).isEqualTo(400);
      assertThat(h.get("/api/runs/nobody/series").statusCode()).isEqualTo(404);

      await().atMost(WAIT).until(() -> events.text().contains("event: records") && events.text().contains("\"type\":\"topology\""));
      assertThat(events.text()).contains("event: run\ndata: {\"run_id\":\"live\"");
    }
  }

  @Test
  void aRunStaysBrowsableAfterItLeavesMemoryAndAcrossARestart() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)) {
      h.set(AnalyzerConfig.RUNS_IDLE_TIMEOUT, "2s").start();
      feedTwoSteps(h, "kept");
      // First live with all four samples, then out of memory (idle) - each judged on one answer: the old
      // wait asked twice (the run's own page, then the list), and a run created between the two passed it.
      await().atMost(WAIT).until(() -> h.processed("kept") == 4);
      await().atMost(WAIT).until(() -> row(h, "kept") instanceof JsonObject r && !r.getBoolean("live"));
      JsonObject row = row(h, "kept");
      assertThat(row.getBoolean("live")).isFalse(); // and it stays out: nothing late brings it back
      assertThat(row.getString("status")).isEqualTo("UNFINISHED"); // no RunFinished came
      assertThat(row.getLong("samples_processed")).isEqualTo(4);
      h.stop();
      h.start();
      assertThat(row(h, "kept").getLong("samples_processed")).isEqualTo(4);
      assertThat(types(new JsonObject(h.get("/api/runs/kept/series").body()).getJsonArray("records"))).contains("topology");
    }
  }

  @Test
  void withoutPrometheusTheShippedRulesAreListedUnevaluated() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      JsonObject alerts = new JsonObject(h.get("/api/runs/any/alerts").body());
      assertThat(alerts.getBoolean("evaluated")).isFalse();
      assertThat(alerts.getString("source")).isEqualTo("none");
      assertThat(alerts.getString("message")).contains("ui.prometheus-url");
      String shipped = Files.readString(Path.of("../dashboards/alerts/topowatch-rules.yml"));
      assertThat(h.get("/api/rules/file").body()).isEqualTo(shipped);
      long alertRules = shipped.lines().filter(l -> l.strip().startsWith("- alert:")).count();
      assertThat(alerts.getJsonArray("rules")).hasSize((int) alertRules);
      assertThat(alerts.getJsonArray("rules").getJsonObject(0).getValue("state")).isNull();
    }
  }

  /** RunStarted (2 layers, 1 sample each), steps 0 and 1, step and epoch metrics. */
  private static void feedTwoSteps(ServiceHarness h, String run) {
    h.send(Samples.runStarted(run, 2, 1, 0.5));
    h.send(TrainingEvent.newBuilder().setRunId(run).setStepMetrics(StepMetrics.newBuilder()
        .setStep(1).setEpoch(0).setLoss(0.7).setAccuracy(0.8).setLearningRate(0.01).setLogitNorm(3.5)).build());
    h.send(TrainingEvent.newBuilder().setRunId(run).setEpochMetrics(EpochMetrics.newBuilder()
        .setEpoch(0).setStep(2).setTrainLoss(0.6).setTrainAccuracy(0.9).setHasValidation(true)
        .setValidationLoss(0.9).setValidationAccuracy(0.75)).build());
    for (long step = 0; step < 2; step++) {
      h.send(Samples.sample(run, step, 0, 0, Samples.ring(), 7, 7).build());
      h.send(Samples.sample(run, step, 1, 0, Samples.blobs(3), 7, 7).build());
    }
  }

  private static JsonObject row(ServiceHarness h, String runId) {
    JsonArray runs = new JsonObject(h.get("/api/runs").body()).getJsonArray("runs");
    for (int i = 0; i < runs.size(); i++) {
      if (runId.equals(runs.getJsonObject(i).getString("run_id"))) {
        return runs.getJsonObject(i);
      }
    }
    return null;
  }

  private static List<String> types(JsonArray records) {
    return records.stream().map(r -> ((JsonObject) r).getString("type")).toList();
  }

  /** A server-sent event stream read on a thread of its own. */
  static final class EventStream implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Stream<String> stream;
    private volatile boolean ended;

    private EventStream(Stream<String> stream) {
      this.stream = stream;
      Thread reader = new Thread(() -> {
        try {
          stream.forEach(lines::add);
          ended = true; // the analyzer ended the response
        } catch (java.io.UncheckedIOException closed) {
          // close() ends the stream under the reader's feet
        }
      }, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Opens the stream; {@code headers} are name, value, name, value… (a session cookie, say). */
    static EventStream open(int port, String path, String... headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
      if (headers.length > 0) {
        request.headers(headers);
      }
      HttpResponse<Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          request.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
      return new EventStream(response.body());
    }

    String text() {
      return String.join("\n", lines);
    }

    /** True once the analyzer has ended the stream. */
    boolean ended() {
      return ended;
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}

package dev.topowatch.analyzer.process;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a running analyzer over HTTP: /health, /api/runs, /metrics. Shared with the integration tests. */
public final class AnalyzerClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public AnalyzerClient(int httpPort) {
    this.base = "http://127.0.0.1:" + httpPort;
  }

  /** The status code of {@code /health}, or -1 when the analyzer does not answer. */
  public int health() {
    HttpResponse<String> r = get("/health");
    return r == null ? -1 : r.statusCode();
  }

  /** The replication state /health reports for the analyzer's topics (OK, UNDER_REPLICATED, LEADERLESS, UNKNOWN), or null. */
  public String replicationState() {
    HttpResponse<String> r = get("/health");
    if (r == null) {
      return null;
    }
    JsonObject replication = new JsonObject(r.body()).getJsonObject("replication");
    return replication == null ? null : replication.getString("state");
  }

  /** Ids of the runs this analyzer holds in memory (empty when it does not answer); recorded runs are left out. */
  public List<String> runIds() {
    HttpResponse<String> r = get("/api/runs");
    List<String> ids = new ArrayList<>();
    if (r != null && r.statusCode() == 200) {
      new JsonObject(r.body()).getJsonArray("runs").forEach(o -> {
        JsonObject run = (JsonObject) o;
        if (run.getBoolean("live", true)) {
          ids.add(run.getString("run_id"));
        }
      });
    }
    return ids;
  }

  /** {@code /api/runs/{runId}}, or null when unknown here or unreachable. */
  public JsonObject run(String runId) {
    HttpResponse<String> r = get("/api/runs/" + runId);
    return r != null && r.statusCode() == 200 ? new JsonObject(r.body()) : null;
  }

  /** {@code samples_processed} of a run, or -1 when the run is not held here. */
  public long processed(String runId) {
    JsonObject run = run(runId);
    return run == null ? -1 : run.getLong("samples_processed");
  }

  /** The sum of every series of a metric whose labels include {@code labelFilter} (e.g. {@code area="heap"}); NaN when none. */
  public double metric(String name, String labelFilter) {
    HttpResponse<String> r = get("/metrics");
    if (r == null || r.statusCode() != 200) {
      return Double.NaN;
    }
    double sum = Double.NaN;
    for (String line : r.body().split("\n")) {
      if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && (labelFilter == null || line.contains(labelFilter))) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  private HttpResponse<String> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

package dev.topowatch.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a running analyzer over HTTP as any user of the service would: {@code /health},
 * {@code /api/runs}, {@code /api/runs/{id}}, {@code /metrics}. The one client of the analyzer's API,
 * for the demo, the experiment, the command line's tests and the integration tests. Every read
 * answers "not there" (null, -1, NaN) instead of throwing while the analyzer does not answer, so
 * callers can poll it with Awaitility.
 */
public final class AnalyzerClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  /** The analyzer at {@code base} (e.g. {@code http://127.0.0.1:8080/}). */
  public AnalyzerClient(URI base) {
    this.base = base;
  }

  /** The analyzer on this machine's {@code httpPort}. */
  public AnalyzerClient(int httpPort) {
    this(URI.create("http://127.0.0.1:" + httpPort + "/"));
  }

  /** The status code of {@code /health}, or -1 when the analyzer does not answer. */
  public int health() {
    HttpResponse<String> r = get("/health");
    return r == null ? -1 : r.statusCode();
  }

  /** The replication state /health reports for the analyzer's topics (OK, UNDER_REPLICATED, LEADERLESS, UNKNOWN), or null. */
  public String replicationState() {
    HttpResponse<String> r = get("/health");
    return r == null ? null : json(r).path("replication").path("state").asText(null);
  }

  /** Ids of the runs this analyzer holds in memory (empty when it does not answer); recorded runs are left out. */
  public List<String> runIds() {
    HttpResponse<String> r = get("/api/runs");
    List<String> ids = new ArrayList<>();
    if (r != null && r.statusCode() == 200) {
      for (JsonNode run : json(r).path("runs")) {
        if (run.path("live").asBoolean(true)) {
          ids.add(run.path("run_id").asText());
        }
      }
    }
    return ids;
  }

  /** {@code /api/runs/{runId}}, or null while the analyzer has not seen the run (404) or does not answer. */
  public JsonNode run(String runId) {
    HttpResponse<String> r = get("/api/runs/" + runId);
    return r != null && r.statusCode() == 200 ? json(r) : null;
  }

  /** {@code /api/runs/{runId}/series} (the run's full record), or null when the analyzer has none or does not answer. */
  public JsonNode series(String runId) {
    HttpResponse<String> r = get("/api/runs/" + runId + "/series");
    return r != null && r.statusCode() == 200 ? json(r) : null;
  }

  /** {@code samples_processed} of a run, or -1 when the run is not held here. */
  public long processed(String runId) {
    JsonNode run = run(runId);
    return run == null ? -1 : run.path("samples_processed").asLong();
  }

  /** The Prometheus text of {@code /metrics}, or null when the analyzer does not answer. */
  public String metricsText() {
    HttpResponse<String> r = get("/metrics");
    return r != null && r.statusCode() == 200 ? r.body() : null;
  }

  /** The sum of every series of a metric whose labels include {@code labelFilter} (e.g. {@code area="heap"}); NaN when none. */
  public double metric(String name, String labelFilter) {
    String text = metricsText();
    double sum = Double.NaN;
    if (text == null) {
      return sum;
    }
    for (String line : text.split("\n")) {
      if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && (labelFilter == null || line.contains(labelFilter))) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(r.uri() + " answered with something that is not JSON: " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

package dev.topowatch.analyzer.web;

import dev.topowatch.analyzer.history.HistoryStore;
import dev.topowatch.analyzer.history.RunSummary;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunSnapshot;
import dev.topowatch.analyzer.stream.RunState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every run the page can show: the live ones (from the registry, freshest numbers) and the
 * recorded ones (from the history, after they left memory or the analyzer restarted), as the rows
 * of {@code GET /api/runs}, the most recently updated first.
 */
final class RunCatalog {

  /** Status of a recorded run that went idle without RunFinished. */
  static final String UNFINISHED = "UNFINISHED";

  private final RunRegistry runs;
  private final HistoryStore history;

  RunCatalog(RunRegistry runs, HistoryStore history) {
    this.runs = runs;
    this.history = history;
  }

  List<JsonObject> list() {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    for (RunSummary s : history.summaries()) {
      rows.put(s.runId(), recorded(s));
    }
    for (RunState r : runs.runs()) {
      rows.put(r.runId(), live(r.snapshot(), r.lastActivityMs(), history.summary(r.runId()).orElse(null)));
    }
    List<JsonObject> list = new ArrayList<>(rows.values());
    list.sort(Comparator.comparingLong((JsonObject o) -> o.getLong("last_update_unix_ms")).reversed());
    return list;
  }

  /** The row of one run, live or recorded. */
  Optional<JsonObject> row(String runId) {
    Optional<RunSummary> recorded = history.summary(runId);
    return runs.get(runId)
        .map(r -> live(r.snapshot(), r.lastActivityMs(), recorded.orElse(null)))
        .or(() -> recorded.map(RunCatalog::recorded));
  }

  /** The row of a recorded run; the history's own numbers. */
  static JsonObject recorded(RunSummary s) {
    return row(s.runId(), s.jobName(), "RUNNING".equals(s.status()) ? UNFINISHED : s.status(), false, false,
        s.powergradEnabled(), s.powergradAlpha(), s.latestStep(), s.latestEpoch(), s.samplesProcessed(),
        s.samplesRejected(), s.firstSeenMs(), s.lastUpdateMs(), s.thresholds());
  }

  private static JsonObject live(RunSnapshot s, long lastActivityMs, RunSummary recorded) {
    long firstSeen = recorded == null ? lastActivityMs : recorded.firstSeenMs();
    long lastUpdate = Math.max(lastActivityMs, recorded == null ? 0 : recorded.lastUpdateMs());
    return row(s.runId(), s.jobName(), s.status(), s.active(), true, s.powergradEnabled(),
        s.powergradEnabled() ? s.powergradAlpha() : null, s.latestStep(), s.latestEpoch(), s.samplesProcessed(),
        s.samplesRejected(), firstSeen, lastUpdate, s.thresholds());
  }

  private static JsonObject row(String runId, String job, String status, boolean active, boolean live, boolean powergrad,
      Double alpha, long step, int epoch, long processed, long rejected, long firstSeen, long lastUpdate, List<String> thresholds) {
    return new JsonObject()
        .put("run_id", runId)
        .put("job_name", job)
        .put("status", status)
        .put("active", active)
        .put("live", live)
        .put("powergrad_enabled", powergrad)
        .put("powergrad_alpha", alpha == null || !Double.isFinite(alpha) ? null : alpha)
        .put("latest_step", step)
        .put("latest_epoch", epoch)
        .put("samples_processed", processed)
        .put("samples_rejected", rejected)
        .put("first_seen_unix_ms", firstSeen)
        .put("last_update_unix_ms", lastUpdate)
        .put("thresholds", new JsonArray(thresholds));
  }
}

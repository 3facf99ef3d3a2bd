package dev.topowatch.experiment.grid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.experiment.data.Csv;
import dev.topowatch.harness.AnalyzerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads what a user of the analyzer sees of a finished run, {@code GET /api/runs/{id}}, once the
 * analyzer has caught up, and turns it into the run's topology tables: {@code topology.csv} (per
 * sampled step and threshold: θ, late-layer complexity, layers in θ, completeness, and Ω of every
 * layer) and {@code layers.csv} (index, name, per-sample shape, whether the layer enters θ).
 */
final class RunRecorder {

  /** How long the analyzer may stay silent before the run is taken as it is. */
  private static final Duration QUIET = Duration.ofSeconds(30);

  private final AnalyzerClient api;

  RunRecorder(AnalyzerClient api) {
    this.api = api;
  }

  /**
   * Waits until the analyzer has published the run's last sampled step and applied (or rejected)
   * every sample the agent sent for it, or has been quiet for 30 s; returns the run's JSON.
   */
  JsonNode awaitSettled(RunSpec spec) throws IOException, InterruptedException {
    long lastCount = -1;
    Instant changed = Instant.now();
    while (true) {
      JsonNode run = api.run(spec.id());
      long count = run == null ? 0 : run.path("samples_processed").asLong() + run.path("samples_rejected").asLong();
      if (run != null && lastThetaStep(run) >= spec.lastSampledStep()) {
        long expected = (long) spec.sampledSteps() * spec.sampleSize() * run.path("layers").size();
        if (count >= expected) {
          return run;
        }
      }
      if (count != lastCount) {
        lastCount = count;
        changed = Instant.now();
      } else if (Duration.between(changed, Instant.now()).compareTo(QUIET) > 0) {
        if (run == null) {
          throw new IOException("the analyzer never saw run " + spec.id());
        }
        return run;
      }
      Thread.sleep(500);
    }
  }

  /** The run's full record, {@code GET /api/runs/{id}/series}. */
  JsonNode series(String runId) throws IOException {
    JsonNode series = api.series(runId);
    if (series == null) {
      throw new IOException("the analyzer has no record of run " + runId);
    }
    return series;
  }

  private static long lastThetaStep(JsonNode run) {
    long last = -1;
    for (JsonNode history : run.path("theta")) {
      for (JsonNode p : history) {
        last = Math.max(last, p.path("step").asLong());
      }
    }
    return last;
  }

  /** Writes {@code topology.csv} and {@code layers.csv} into {@code dir}. */
  static void write(JsonNode run, Path dir) {
    TreeSet<Integer> indices = new TreeSet<>();
    Csv layers = new Csv(List.of("layer", "name", "shape", "in_theta"));
    for (JsonNode l : run.path("layers")) {
      indices.add(l.path("index").asInt());
      List<String> dims = new ArrayList<>();
      l.path("shape").forEach(d -> dims.add(d.asText()));
      layers.add(l.path("index").asInt(), l.path("name").asText(), String.join("x", dims), l.path("in_theta").asBoolean());
    }
    layers.write(dir.resolve("layers.csv"));
    List<String> header = new ArrayList<>(List.of("step", "threshold", "theta", "late_layer_complexity", "layers_in_theta", "complete"));
    indices.forEach(i -> header.add("omega_" + i));
    Csv topology = new Csv(header);
    for (Iterator<String> it = run.path("theta").fieldNames(); it.hasNext(); ) {
      String threshold = it.next();
      for (JsonNode p : run.path("theta").path(threshold)) {
        List<Object> row = new ArrayList<>(java.util.Arrays.asList(p.path("step").asLong(), threshold, number(p.path("theta")),
            number(p.path("late_layer_complexity")), p.path("layers_present").asInt(), p.path("complete").asBoolean()));
        indices.forEach(i -> row.add(number(p.path("omega").path(String.valueOf(i)))));
        topology.add(row.toArray());
      }
    }
    topology.write(dir.resolve("topology.csv"));
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }
}

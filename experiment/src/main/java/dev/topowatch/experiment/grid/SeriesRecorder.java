package dev.topowatch.experiment.grid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.experiment.data.Csv;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a run's full record ({@code GET /api/runs/{id}/series}: what the analyzer keeps of every
 * published step) into three tables on the analyzer's own clock ({@code time_ms}, when it published):
 * <ul>
 *   <li>{@code betti.csv}: per sampled step, layer and threshold the mean b0, b1, b2 (separately, not
 *       only their sum Ω), Ω, the layer's dead fraction and whether it entered θ;
 *   <li>{@code trend.csv}: per sampled step and threshold θ, the depth trend ρ and the layers in θ;
 *   <li>{@code metrics.csv}: the agent's step metrics (loss, accuracy, learning rate, logit norm) every
 *       {@code metrics.every} steps, with the trainer's time.
 * </ul>
 */
final class SeriesRecorder {

  private SeriesRecorder() {}

  static void write(JsonNode series, Path dir) {
    Csv betti = new Csv(List.of("step", "time_ms", "layer", "name", "in_theta", "threshold", "b0", "b1", "b2", "omega",
        "dead_fraction"));
    Csv trend = new Csv(List.of("step", "time_ms", "threshold", "theta", "depth_trend", "layers_in_theta", "complete"));
    Csv metrics = new Csv(List.of("step", "epoch", "time_ms", "loss", "accuracy", "learning_rate", "logit_norm"));
    for (JsonNode r : series.path("records")) {
      switch (r.path("type").asText()) {
        case "topology" -> {
          long step = r.path("step").asLong();
          long time = r.path("time_unix_ms").asLong();
          for (Iterator<String> it = r.path("theta").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            trend.add(step, time, t, number(r.path("theta").path(t)), number(r.path("depth_trend").path(t)),
                r.path("layers_present").asInt(), r.path("complete").asBoolean());
          }
          for (JsonNode l : r.path("layers")) {
            for (Iterator<String> it = l.path("betti").fieldNames(); it.hasNext(); ) {
              String t = it.next();
              JsonNode b = l.path("betti").path(t);
              betti.add(step, time, l.path("index").asInt(), l.path("name").asText(), l.path("in_theta").asBoolean(true), t,
                  number(b.path(0)), number(b.path(1)), number(b.path(2)), number(l.path("omega").path(t)),
                  number(l.path("dead_fraction")));
            }
          }
        }
        case "step" -> metrics.add(r.path("step").asLong(), r.path("epoch").asInt(), r.path("time_unix_ms").asLong(),
            number(r.path("loss")), number(r.path("accuracy")), number(r.path("learning_rate")), number(r.path("logit_norm")));
        default -> { }
      }
    }
    betti.write(dir.resolve("betti.csv"));
    trend.write(dir.resolve("trend.csv"));
    metrics.write(dir.resolve("metrics.csv"));
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }
}

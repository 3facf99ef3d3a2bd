package dev.topowatch.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The demo summary's last line: a plain reading of the run from the analyzer's API, in the terms of
 * docs/results.md. The direction of Ω over depth at the last sampled step (the depth trend ρ), what
 * θ did at the shown threshold (first and last sampled step), what the
 * generalisation gap did (from the epochs seen while watching), and whether the generalisation alerts
 * of dashboards/alerts/topowatch-rules.yml would have fired on this run replayed at one sampled step
 * per minute, as the results page replays the grid: {@code TopowatchLateLayersCollapsed} (the late-layer
 * complexity at most 1 at every threshold for 5 sampled steps) and {@code TopowatchGeneralizationGapWidening}
 * (gap above 0.05 and up by more than 0.02 over 30 sampled steps, for 5), {@code TopowatchLossNotFinite}.
 * The loss-trend and stopped-run alerts look at 30 minutes of wall clock and are not judged here.
 */
final class RunReading {

  static final double COLLAPSED = 1.0;
  static final int COLLAPSE_FOR = 5;
  static final double GAP_FLOOR = 0.05;
  static final double GAP_RISE = 0.02;
  static final int GAP_WINDOW = 30;
  static final int GAP_FOR = 5;

  /** Gap by the epoch's last step, as seen while polling (the API shows only the latest epoch). */
  private final TreeMap<Long, Double> gapByStep = new TreeMap<>();
  private boolean lossNotFinite;

  /** Remembers what a poll of {@code /api/runs/{id}} shows that the final document no longer does. */
  void observe(JsonNode run) {
    if (run == null) {
      return;
    }
    JsonNode epoch = run.path("epoch_metrics");
    if (epoch.path("has_validation").asBoolean() && epoch.path("generalization_gap").isNumber()) {
      gapByStep.put(epoch.path("step").asLong(), epoch.path("generalization_gap").asDouble());
    }
    JsonNode loss = run.path("step_metrics").path("loss");
    if (run.path("step_metrics").isObject() && loss.isNull()) {
      lossNotFinite = true; // the API writes a non-finite number as null
    }
  }

  /** The line, from the run's final document; {@code threshold} is the label the demo shows. */
  String line(JsonNode run, String threshold) {
    observe(run);
    return "reading: " + trend(run.path("theta").path(threshold), threshold) + "; " + theta(run.path("theta").path(threshold), threshold)
        + "; " + gap() + "; " + alerts(run) + ".";
  }

  /** The depth trend ρ of the last sampled step that has one: whether Ω falls with depth. */
  private static String trend(JsonNode history, String threshold) {
    Double rho = null;
    for (JsonNode p : history) {
      if (p.path("depth_trend").isNumber()) {
        rho = p.path("depth_trend").asDouble();
      }
    }
    if (rho == null) {
      return "depth trend at η=" + threshold + ": not yet defined (it needs three layers in θ)";
    }
    String direction = rho <= -0.5 ? "falls with depth" : rho >= 0.5 ? "rises with depth" : "has no clear trend over depth";
    return String.format(Locale.ROOT, "Ω at η=%s %s (depth trend ρ = %s)", threshold, direction, fmt(rho));
  }

  private static String theta(JsonNode history, String threshold) {
    List<Double> values = new ArrayList<>();
    history.forEach(p -> {
      if (p.path("theta").isNumber()) {
        values.add(p.path("theta").asDouble());
      }
    });
    if (values.size() < 2) {
      return "θ at η=" + threshold + ": too few sampled steps to say";
    }
    double first = values.get(0);
    double last = values.get(values.size() - 1);
    String verb = Math.abs(last - first) < 0.02 ? "stayed near" : last > first ? "rose from" : "fell from";
    String move = verb.equals("stayed near") ? fmt(last) : fmt(first) + " to " + fmt(last);
    // θ is the paper's shape functional: its sign is not the direction over depth (the trend says that),
    // and in docs/results.md its course looked alike in healthy and over-fitting runs.
    return String.format(Locale.ROOT, "θ, the paper's decay metric, at η=%s %s %s (a shape functional, not the direction over "
        + "depth; its course is no verdict on generalisation)", threshold, verb, move);
  }

  private String gap() {
    if (gapByStep.isEmpty()) {
      return "no validation epoch seen, so no gap";
    }
    double first = gapByStep.firstEntry().getValue();
    double last = gapByStep.lastEntry().getValue();
    return gapByStep.size() == 1 ? "gap " + fmt(last) + " after one epoch"
        : String.format(Locale.ROOT, "gap %s → %s over %d epochs", fmt(first), fmt(last), gapByStep.size());
  }

  private String alerts(JsonNode run) {
    List<String> fired = new ArrayList<>();
    if (collapsed(run)) {
      fired.add("TopowatchLateLayersCollapsed");
    }
    if (gapWidened(run)) {
      fired.add("TopowatchGeneralizationGapWidening");
    }
    if (lossNotFinite) {
      fired.add("TopowatchLossNotFinite");
    }
    return fired.isEmpty() ? "no generalisation alert would have fired (replayed at one sampled step per minute)"
        : "would have fired: " + String.join(", ", fired) + " (replayed at one sampled step per minute)";
  }

  /** Late-layer complexity ≤ 1 at every threshold for 5 consecutive sampled steps. */
  private static boolean collapsed(JsonNode run) {
    TreeMap<Long, Double> maxByStep = new TreeMap<>();
    for (Iterator<JsonNode> it = run.path("theta").elements(); it.hasNext(); ) {
      for (JsonNode p : it.next()) {
        if (p.path("late_layer_complexity").isNumber()) {
          maxByStep.merge(p.path("step").asLong(), p.path("late_layer_complexity").asDouble(), Math::max);
        }
      }
    }
    int streak = 0;
    for (double max : maxByStep.values()) {
      streak = max <= COLLAPSED ? streak + 1 : 0;
      if (streak > COLLAPSE_FOR) {
        return true;
      }
    }
    return false;
  }

  /** The gap rule on the sampled-step timeline: above the floor and up by the rise over the window, 5 steps running. */
  private boolean gapWidened(JsonNode run) {
    List<Long> steps = new ArrayList<>();
    run.path("theta").elements().forEachRemaining(h -> h.forEach(p -> steps.add(p.path("step").asLong())));
    List<Long> timeline = steps.stream().distinct().sorted().toList();
    int streak = 0;
    for (int i = 0; i < timeline.size(); i++) {
      Double now = gapAt(timeline.get(i));
      Double before = i >= GAP_WINDOW ? gapAt(timeline.get(i - GAP_WINDOW)) : null;
      boolean holds = now != null && before != null && now > GAP_FLOOR && now - before > GAP_RISE;
      streak = holds ? streak + 1 : 0;
      if (streak > GAP_FOR) {
        return true;
      }
    }
    return false;
  }

  private Double gapAt(long step) {
    var e = gapByStep.floorEntry(step);
    return e == null ? null : e.getValue();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replace("-", "−");
  }
}

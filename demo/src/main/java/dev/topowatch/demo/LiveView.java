package dev.topowatch.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;

/**
 * Renders one screen of the demo from the analyzer's {@code /api/runs/{runId}} JSON: a progress bar,
 * the latest training metrics, and a per-layer table of mean Betti numbers and Ω at one threshold,
 * with θ. A pure function of its inputs, so it is tested without a terminal.
 */
final class LiveView {

  private static final int BAR_WIDTH = 30;

  private final String threshold;
  private final int totalSteps;

  LiveView(String threshold, int totalSteps) {
    this.threshold = threshold;
    this.totalSteps = totalSteps;
  }

  /** The threshold label of {@code run} to show: the requested one if present, else the first. */
  static String pickThreshold(JsonNode run, String requested) {
    JsonNode labels = run.path("thresholds");
    for (JsonNode label : labels) {
      if (sameNumber(label.asText(), requested)) {
        return label.asText();
      }
    }
    return labels.size() > 0 ? labels.get(0).asText() : requested;
  }

  String render(JsonNode run, long trainerStep) {
    StringBuilder out = new StringBuilder();
    long step = Math.max(trainerStep, run == null ? -1 : run.path("step_metrics").path("step").asLong(-1));
    out.append(progressBar(step + 1)).append('\n');
    if (run == null || run.isMissingNode()) {
      out.append("waiting for the first records from the agent...\n");
      return out.toString();
    }
    out.append(trainingLine(run)).append('\n');
    out.append(thetaLine(run)).append('\n');
    out.append('\n').append(layerTable(run));
    return out.toString();
  }

  String progressBar(long done) {
    long clamped = Math.max(0, Math.min(done, totalSteps));
    int filled = totalSteps == 0 ? 0 : (int) (BAR_WIDTH * clamped / totalSteps);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%d/%d steps (%d%%)", clamped, totalSteps, totalSteps == 0 ? 0 : 100 * clamped / totalSteps);
  }

  private static String trainingLine(JsonNode run) {
    JsonNode m = run.path("step_metrics");
    JsonNode e = run.path("epoch_metrics");
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "step %s  epoch %s  loss %s  accuracy %s  logit norm %s  PowerGrad α %s",
        text(m.path("step")), text(m.path("epoch")), number(m.path("loss"), 4), number(m.path("accuracy"), 3),
        number(m.path("logit_norm"), 2), run.path("powergrad_enabled").asBoolean() ? number(run.path("powergrad_alpha"), 2) : "off"));
    if (e.path("has_validation").asBoolean()) {
      line.append(String.format(Locale.ROOT, "  val acc %s  gap %s",
          number(e.path("validation_accuracy"), 3), number(e.path("generalization_gap"), 3)));
    }
    return line.toString();
  }

  private String thetaLine(JsonNode run) {
    JsonNode history = run.path("theta").path(threshold);
    String samples = String.format(Locale.ROOT, "samples processed %d, rejected %d",
        run.path("samples_processed").asLong(), run.path("samples_rejected").asLong());
    if (!history.isArray() || history.isEmpty()) {
      return "threshold η=" + threshold + "  θ: not yet (needs every layer of a sampled step)  " + samples;
    }
    JsonNode last = history.get(history.size() - 1);
    return String.format(Locale.ROOT, "threshold η=%s  θ=%s at step %d (%d layers%s)  %s",
        threshold, number(last.path("theta"), 4), last.path("step").asLong(), last.path("layers_present").asInt(),
        last.path("complete").asBoolean() ? "" : ", incomplete", samples);
  }

  private String layerTable(JsonNode run) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%3s  %-28s %-12s %6s %9s %9s %9s %10s%n", "#", "layer", "shape", "step", "β0", "β1", "β2", "Ω"));
    for (JsonNode layer : run.path("layers")) {
      JsonNode at = layer.path("thresholds").path(threshold);
      JsonNode betti = at.path("betti");
      table.append(String.format(Locale.ROOT, "%3d  %-28s %-12s %6s %9s %9s %9s %10s%n",
          layer.path("index").asInt(), clip(layer.path("name").asText(), 28), shape(layer.path("shape")),
          text(layer.path("step")), number(betti.path(0), 1), number(betti.path(1), 1), number(betti.path(2), 1),
          number(at.path("omega"), 1)));
    }
    return table.toString();
  }

  private static String shape(JsonNode dims) {
    StringBuilder s = new StringBuilder();
    for (Iterator<JsonNode> it = dims.elements(); it.hasNext(); ) {
      s.append(it.next().asLong()).append(it.hasNext() ? "x" : "");
    }
    return s.toString();
  }

  private static String number(JsonNode n, int decimals) {
    return n.isNumber() ? String.format(Locale.ROOT, "%." + decimals + "f", n.asDouble()) : "-";
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  private static boolean sameNumber(String a, String b) {
    try {
      return Double.parseDouble(a) == Double.parseDouble(b);
    } catch (NumberFormatException notNumbers) {
      return a.equals(b);
    }
  }
}

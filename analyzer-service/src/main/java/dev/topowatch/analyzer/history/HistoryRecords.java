package dev.topowatch.analyzer.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunSnapshot;
import dev.topowatch.analyzer.stream.RunState;
import java.util.List;

/**
 * The lines of a run's history file, one JSON object each, with a {@code type}: {@code run}
 * (RunStarted), {@code step} (StepMetrics), {@code epoch} (EpochMetrics), {@code topology} (a
 * published step: θ and every layer's Betti numbers and Ω, per threshold label) and {@code finished}.
 * The same objects go to the web page, in files, exports and live events, so the page folds one
 * format. A {@code topology} line also holds the depth trend per threshold and each layer's dead
 * fraction and whether it entered θ. Non-finite numbers are {@code null}. A later line for the same step (epoch) replaces an
 * earlier one: a late sample republishes its step.
 */
public final class HistoryRecords {

  static final ObjectMapper JSON = new ObjectMapper();

  private HistoryRecords() {}

  /** The record of an event, or null for events that are not part of the record (samples, checkpoints). */
  public static String of(RunEvent event) {
    ObjectNode n = JSON.createObjectNode();
    if (event instanceof RunEvent.Started s) {
      n.put("type", "run").put("job_name", s.jobName()).put("powergrad_enabled", s.powergradEnabled());
      num(n, "powergrad_alpha", s.powergradEnabled() ? s.powergradAlpha() : Double.NaN);
      n.put("samples_per_layer", s.samplesPerLayer()).put("time_unix_ms", s.timeUnixMs());
      ArrayNode layers = n.putArray("layers");
      s.layers().forEach(l -> shape(layers.addObject().put("index", l.index()).put("name", l.name()), l.shape()));
    } else if (event instanceof RunEvent.StepMetrics m) {
      n.put("type", "step").put("step", m.step()).put("epoch", m.epoch());
      num(n, "loss", m.loss());
      num(n, "accuracy", m.accuracy());
      num(n, "learning_rate", m.learningRate());
      num(n, "logit_norm", m.logitNorm());
      n.put("time_unix_ms", m.timeUnixMs());
    } else if (event instanceof RunEvent.EpochMetrics e) {
      n.put("type", "epoch").put("epoch", e.epoch()).put("step", e.step());
      num(n, "train_loss", e.trainLoss());
      num(n, "train_accuracy", e.trainAccuracy());
      num(n, "validation_loss", e.hasValidation() ? e.validationLoss() : Double.NaN);
      num(n, "validation_accuracy", e.hasValidation() ? e.validationAccuracy() : Double.NaN);
      num(n, "generalization_gap", e.generalizationGap());
      n.put("time_unix_ms", e.timeUnixMs());
    } else if (event instanceof RunEvent.Finished f) {
      n.put("type", "finished").put("status", f.status()).put("step_count", f.stepCount()).put("time_unix_ms", f.timeUnixMs());
    } else {
      return null;
    }
    return text(n);
  }

  /** The record of a published step, its values keyed by threshold label. */
  public static String topology(RunState.StepPublished published, List<String> thresholds, long nowMs) {
    RunSnapshot.ThetaPoint p = published.theta();
    ObjectNode n = JSON.createObjectNode().put("type", "topology").put("step", p.step())
        .put("complete", p.complete()).put("layers_present", p.layersPresent()).put("time_unix_ms", nowMs);
    ObjectNode theta = n.putObject("theta");
    ObjectNode trend = n.putObject("depth_trend");
    ObjectNode late = n.putObject("late_layer_complexity");
    for (int t = 0; t < thresholds.size(); t++) {
      num(theta, thresholds.get(t), p.theta()[t]);
      num(trend, thresholds.get(t), p.depthTrend() == null ? Double.NaN : p.depthTrend()[t]);
      num(late, thresholds.get(t), p.lateLayerComplexity()[t]);
    }
    ArrayNode layers = n.putArray("layers");
    for (RunSnapshot.LayerView l : published.layers()) {
      ObjectNode layer = layers.addObject().put("index", l.index()).put("name", l.name()).put("samples", l.samples())
          .put("in_theta", l.inTheta());
      num(layer, "dead_fraction", l.deadFraction());
      shape(layer, l.shape());
      ObjectNode omega = layer.putObject("omega");
      ObjectNode betti = layer.putObject("betti");
      for (int t = 0; t < thresholds.size(); t++) {
        num(omega, thresholds.get(t), l.omega()[t]);
        ArrayNode b = betti.putArray(thresholds.get(t));
        for (double v : l.betti()[t]) {
          b.add(Double.isFinite(v) ? v : null);
        }
      }
    }
    return text(n);
  }

  private static void shape(ObjectNode n, int[] shape) {
    ArrayNode a = n.putArray("shape");
    if (shape != null) {
      for (int d : shape) {
        a.add(d);
      }
    }
  }

  private static void num(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static String text(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

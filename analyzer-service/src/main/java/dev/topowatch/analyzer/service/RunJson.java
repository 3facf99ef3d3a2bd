package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunSnapshot;
import dev.topowatch.analyzer.stream.ThetaLayers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code /api/runs/{runId}} JSON document; non-finite numbers become {@code null}. */
final class RunJson {

  private RunJson() {}

  /** @param thetaLayers the rule that chose the layers entering θ (each layer says whether it did: {@code in_theta}) */
  static JsonObject run(RunSnapshot s, ThetaLayers thetaLayers) {
    List<String> thresholds = s.thresholds();
    JsonArray layers = new JsonArray();
    for (RunSnapshot.LayerView l : s.layers()) {
      JsonObject perThreshold = new JsonObject();
      for (int t = 0; t < thresholds.size(); t++) {
        JsonArray betti = new JsonArray();
        for (double b : l.betti()[t]) {
          betti.add(num(b));
        }
        perThreshold.put(thresholds.get(t), new JsonObject().put("betti", betti).put("omega", num(l.omega()[t])));
      }
      layers.add(new JsonObject()
          .put("index", l.index())
          .put("name", l.name())
          .put("shape", ints(l.shape()))
          .put("step", l.step())
          .put("samples", l.samples())
          // inTheta holds the duplicate rule's verdict, decided when the step was published
          .put("in_theta", l.inTheta() && thetaLayers.includes(l.name(), l.shape()))
          .put("dead_fraction", num(l.deadFraction()))
          .put("thresholds", perThreshold));
    }
    JsonObject theta = new JsonObject();
    JsonObject late = new JsonObject();
    for (int t = 0; t < thresholds.size(); t++) {
      JsonArray history = new JsonArray();
      for (RunSnapshot.ThetaPoint p : s.theta()) {
        history.add(new JsonObject()
            .put("step", p.step())
            .put("theta", num(p.theta()[t]))
            .put("depth_trend", p.depthTrend() == null ? null : num(p.depthTrend()[t]))
            .put("layers_present", p.layersPresent())
            .put("complete", p.complete())
            .put("late_layer_complexity", num(p.lateLayerComplexity()[t]))
            .put("omega", omegaByLayer(p, t)));
      }
      theta.put(thresholds.get(t), history);
      late.put(thresholds.get(t), s.theta().isEmpty() ? null : num(s.theta().get(s.theta().size() - 1).lateLayerComplexity()[t]));
    }
    return new JsonObject()
        .put("run_id", s.runId())
        .put("job_name", s.jobName())
        .put("powergrad_enabled", s.powergradEnabled())
        .put("powergrad_alpha", num(s.powergradAlpha()))
        .put("active", s.active())
        .put("status", s.status())
        .put("samples_processed", s.samplesProcessed())
        .put("samples_rejected", s.samplesRejected())
        .put("latest_step", s.latestStep())
        .put("latest_epoch", s.latestEpoch())
        .put("thresholds", new JsonArray(thresholds))
        .put("theta_layers", thetaLayers.toString())
        .put("theta_layer_rule", thetaLayers.description())
        .put("layers", layers)
        .put("theta", theta)
        .put("late_layer_complexity", late)
        .put("step_metrics", stepMetrics(s.stepMetrics()))
        .put("epoch_metrics", epochMetrics(s.epochMetrics()));
  }

  /** Ω of every analysed layer of the point's step, keyed by layer index; null for points restored from older journals. */
  private static JsonObject omegaByLayer(RunSnapshot.ThetaPoint p, int threshold) {
    if (p.layers() == null || p.omega() == null) {
      return null;
    }
    JsonObject omega = new JsonObject();
    for (int i = 0; i < p.layers().length; i++) {
      omega.put(String.valueOf(p.layers()[i]), num(p.omega()[threshold][i]));
    }
    return omega;
  }

  private static JsonObject stepMetrics(RunEvent.StepMetrics m) {
    if (m == null) {
      return null;
    }
    return new JsonObject()
        .put("step", m.step())
        .put("epoch", m.epoch())
        .put("loss", num(m.loss()))
        .put("accuracy", num(m.accuracy()))
        .put("learning_rate", num(m.learningRate()))
        .put("logit_norm", num(m.logitNorm()))
        .put("time_unix_ms", m.timeUnixMs());
  }

  private static JsonObject epochMetrics(RunEvent.EpochMetrics m) {
    if (m == null) {
      return null;
    }
    return new JsonObject()
        .put("epoch", m.epoch())
        .put("step", m.step())
        .put("train_loss", num(m.trainLoss()))
        .put("train_accuracy", num(m.trainAccuracy()))
        .put("has_validation", m.hasValidation())
        .put("validation_loss", m.hasValidation() ? num(m.validationLoss()) : null)
        .put("validation_accuracy", m.hasValidation() ? num(m.validationAccuracy()) : null)
        .put("generalization_gap", num(m.generalizationGap()))
        .put("time_unix_ms", m.timeUnixMs());
  }

  private static JsonArray ints(int[] values) {
    JsonArray a = new JsonArray();
    if (values != null) {
      for (int v : values) {
        a.add(v);
      }
    }
    return a;
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

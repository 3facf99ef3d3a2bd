package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code /api/runs/{runId}} JSON document; non-finite numbers become {@code null}. */
final class RunJson {

  private RunJson() {}

  static JsonObject run(RunSnapshot s) {
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
            .put("layers_present", p.layersPresent())
            .put("complete", p.complete()));
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
        .put("layers", layers)
        .put("theta", theta)
        .put("late_layer_complexity", late)
        .put("step_metrics", stepMetrics(s.stepMetrics()))
        .put("epoch_metrics", epochMetrics(s.epochMetrics()));
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

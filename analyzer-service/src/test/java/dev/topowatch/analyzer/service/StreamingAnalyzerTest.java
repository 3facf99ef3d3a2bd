package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.ServiceHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import dev.topowatch.broker.SharedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer end to end on a real embedded broker: known volumes in, known numbers out. */
class StreamingAnalyzerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * θ of the Ω profiles below by the authors' own formula, computed with scikit-learn, not with
   * topowatch's DecayRate (src/test/resources/theta/reference_theta.py, scikit-learn 1.2.1).
   */
  private static final double THETA_2_4_2 = 0.3301067072902914;
  private static final double THETA_9_6_4_1 = -0.5241417055133298;
  private static final double THETA_9_6 = -0.0282041386508201;

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  @Test
  void knownVolumesGiveKnownBettiNumbersOnMetricsAndApi() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      h.send(Samples.runStarted("known", 3, 2, 0.5));
      for (int i = 0; i < 2; i++) {
        h.send(Samples.sample("known", 10, 0, i, Samples.ring(), 7, 7).build());
        h.send(Samples.sample("known", 10, 1, i, Samples.blobs(3 + 2 * i), 7, 7).build()); // 3 and 5 blobs
        h.send(Samples.sample("known", 10, 2, i, Samples.hollowCube(), 5, 5, 5).build());
      }
      await("6 samples", WAIT, () -> h.processed("known") == 6);
      await("the step to be published", WAIT, () -> h.run("known").getJsonArray("layers").size() == 3);

      for (String t : new String[] {"0", "0.75"}) {
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "00_layer", "dim", "0", "threshold", t)).isEqualTo(1.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "00_layer", "dim", "1", "threshold", t)).isEqualTo(1.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "01_layer", "dim", "0", "threshold", t)).isEqualTo(4.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "01_layer", "dim", "1", "threshold", t)).isEqualTo(0.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "02_layer", "dim", "0", "threshold", t)).isEqualTo(1.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "02_layer", "dim", "1", "threshold", t)).isEqualTo(0.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "02_layer", "dim", "2", "threshold", t)).isEqualTo(1.0);
        assertThat(h.metric("topowatch_topological_complexity", "run_id", "known", "layer", "00_layer", "threshold", t)).isEqualTo(2.0);
        assertThat(h.metric("topowatch_topological_complexity", "run_id", "known", "layer", "01_layer", "threshold", t)).isEqualTo(4.0);
        assertThat(h.metric("topowatch_topological_complexity", "run_id", "known", "layer", "02_layer", "threshold", t)).isEqualTo(2.0);
      }
      // At η ≥ 1 every volume is full: one component, no holes.
      assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "00_layer", "dim", "1", "threshold", "1")).isEqualTo(0.0);
      assertThat(h.metric("topowatch_betti_number", "run_id", "known", "layer", "01_layer", "dim", "0", "threshold", "1.75")).isEqualTo(1.0);
      assertThat(h.metric("topowatch_samples_processed_total", "run_id", "known")).isEqualTo(6.0);
      assertThat(h.metric("topowatch_powergrad_alpha", "run_id", "known")).isEqualTo(0.5);
      assertThat(h.metric("topowatch_run_active", "run_id", "known")).isEqualTo(1.0);
      assertThat(h.metric("topowatch_late_layer_complexity", "run_id", "known", "threshold", "0")).isEqualTo(2.0);
      double expectedTheta = THETA_2_4_2;
      assertThat(h.metric("topowatch_topological_decay_rate", "run_id", "known", "threshold", "0")).isCloseTo(expectedTheta, within(1e-9));
      assertThat(h.metrics()).containsKey("topowatch_end_to_end_latency_seconds_count").containsKey("topowatch_betti_compute_seconds_count");

      JsonObject run = h.run("known");
      assertThat(run.getString("run_id")).isEqualTo("known");
      assertThat(run.getString("job_name")).isEqualTo("job-known");
      assertThat(run.getDouble("powergrad_alpha")).isEqualTo(0.5);
      assertThat(run.getLong("samples_processed")).isEqualTo(6);
      assertThat(run.getLong("samples_rejected")).isZero();
      JsonArray layers = run.getJsonArray("layers");
      JsonObject ring = layers.getJsonObject(0);
      assertThat(ring.getString("name")).isEqualTo("00_layer");
      assertThat(ring.getJsonArray("shape").getList()).containsExactly(7, 7);
      assertThat(ring.getLong("step")).isEqualTo(10);
      assertThat(ring.getJsonObject("thresholds").getJsonObject("0").getJsonArray("betti").getList()).containsExactly(1.0, 1.0);
      assertThat(ring.getJsonObject("thresholds").getJsonObject("0").getDouble("omega")).isEqualTo(2.0);
      assertThat(layers.getJsonObject(2).getJsonObject("thresholds").getJsonObject("0.5").getJsonArray("betti").getList())
          .containsExactly(1.0, 0.0, 1.0);
      JsonObject point = run.getJsonObject("theta").getJsonArray("0").getJsonObject(0);
      assertThat(point.getLong("step")).isEqualTo(10);
      assertThat(point.getDouble("theta")).isCloseTo(expectedTheta, within(1e-9));
      assertThat(point.getInteger("layers_present")).isEqualTo(3);
      assertThat(point.getBoolean("complete")).isTrue();
    }
  }

  @Test
  void thetaOfAMultiLayerStepFollowsTheFormulaAndAPartialStepClosesAfterTheLayerWait() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      // Four layers whose Ω at η = 0 are 9, 6, 4, 1 (blobs 9, 6, 4, 1 in every sample).
      int[] blobs = {9, 6, 4, 1};
      h.send(Samples.runStarted("theta", 4, 3, 1.0));
      for (int l = 0; l < 4; l++) {
        for (int i = 0; i < 3; i++) {
          h.send(Samples.sample("theta", 0, l, i, Samples.blobs(blobs[l]), 7, 7).build());
        }
      }
      // Hand-checked case: Ω equal in every layer gives a flat normalised curve, so c1 = c2 = c3 = 0 and θ = 0.
      for (int l = 0; l < 4; l++) {
        for (int i = 0; i < 3; i++) {
          h.send(Samples.sample("theta", 1, l, i, Samples.blobs(5), 7, 7).build());
        }
      }
      // Step 2: only two of the four layers arrive: θ after the layer wait, from the layers present.
      for (int l = 0; l < 2; l++) {
        for (int i = 0; i < 3; i++) {
          h.send(Samples.sample("theta", 2, l, i, Samples.blobs(blobs[l]), 7, 7).build());
        }
      }
      await("three θ points", WAIT, () -> h.run("theta") != null && h.run("theta").getJsonObject("theta").getJsonArray("0").size() == 3);
      JsonArray history = h.run("theta").getJsonObject("theta").getJsonArray("0");
      assertThat(history.getJsonObject(0).getDouble("theta")).isCloseTo(THETA_9_6_4_1, within(1e-9));
      assertThat(history.getJsonObject(0).getBoolean("complete")).isTrue();
      assertThat(history.getJsonObject(1).getDouble("theta")).isCloseTo(0.0, within(1e-12));
      JsonObject partial = history.getJsonObject(2);
      assertThat(partial.getLong("step")).isEqualTo(2);
      assertThat(partial.getInteger("layers_present")).isEqualTo(2);
      assertThat(partial.getBoolean("complete")).isFalse();
      assertThat(partial.getDouble("theta")).isCloseTo(THETA_9_6, within(1e-9));
      // Hand-checked: with two layers the centred features are ±(0.5, 1.5, 3.5) = ±v and the centred
      // normalised Ω are ±d, d = (y2 - y1) / 2; (2vvᵀ + αI)c = 2dv gives c = 2d v / (2|v|² + α), |v|² = 14.75,
      // so θ = c1 + c2/2 + c3/2 = 2d (0.5 + 0.75 + 1.75) / (29.5 + α) = 6d / (29.5 + 0.001).
      double norm = Math.sqrt(9 * 9 + 6 * 6);
      double d = (6 / norm - 9 / norm) / 2;
      assertThat(partial.getDouble("theta")).isCloseTo(6 * d / 29.501, within(1e-12));
      assertThat(6 * d / 29.501).isCloseTo(-0.028204, within(1e-6));
      assertThat(h.metric("topowatch_topological_decay_rate", "run_id", "theta", "threshold", "0"))
          .isCloseTo(THETA_9_6, within(1e-9));
      // Late layers of step 2 (two present): the last max(1, 2/4) = 1 layer.
      assertThat(h.metric("topowatch_late_layer_complexity", "run_id", "theta", "threshold", "0")).isEqualTo(6.0);
    }
  }

  @Test
  void trainingEventsBecomeGaugesAndApiFields() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      h.send(Samples.runStarted("events", 2, 1, 0.25));
      h.send(TrainingEvent.newBuilder().setRunId("events").setStepMetrics(StepMetrics.newBuilder()
          .setStep(40).setEpoch(1).setLoss(0.7).setAccuracy(0.8).setLearningRate(0.01).setLogitNorm(3.5)).build());
      h.send(TrainingEvent.newBuilder().setRunId("events").setEpochMetrics(EpochMetrics.newBuilder()
          .setEpoch(1).setStep(40).setTrainLoss(0.6).setTrainAccuracy(0.9).setHasValidation(true)
          .setValidationLoss(0.9).setValidationAccuracy(0.75)).build());
      await("step metrics", WAIT, () -> h.run("events") != null && h.run("events").getJsonObject("epoch_metrics") != null);
      assertThat(h.metric("topowatch_train_loss", "run_id", "events")).isEqualTo(0.7);
      assertThat(h.metric("topowatch_train_accuracy", "run_id", "events")).isEqualTo(0.8);
      assertThat(h.metric("topowatch_train_step", "run_id", "events")).isEqualTo(40.0);
      assertThat(h.metric("topowatch_train_epoch", "run_id", "events")).isEqualTo(1.0);
      assertThat(h.metric("topowatch_logit_norm", "run_id", "events")).isEqualTo(3.5);
      assertThat(h.metric("topowatch_validation_loss", "run_id", "events")).isEqualTo(0.9);
      assertThat(h.metric("topowatch_validation_accuracy", "run_id", "events")).isEqualTo(0.75);
      assertThat(h.metric("topowatch_generalization_gap", "run_id", "events")).isCloseTo(0.15, within(1e-12));
      JsonObject run = h.run("events");
      assertThat(run.getJsonObject("step_metrics").getDouble("logit_norm")).isEqualTo(3.5);
      assertThat(run.getJsonObject("epoch_metrics").getDouble("generalization_gap")).isCloseTo(0.15, within(1e-12));

      h.send(TrainingEvent.newBuilder().setRunId("events").setRunFinished(RunFinished.newBuilder()
          .setRunId("events").setStepCount(41).setStatus(RunStatus.COMPLETED)).build());
      await("run finished", WAIT, () -> !h.run("events").getBoolean("active"));
      assertThat(h.metric("topowatch_run_active", "run_id", "events")).isEqualTo(0.0);
      assertThat(h.run("events").getString("status")).isEqualTo("COMPLETED");
      assertThat(h.get("/api/runs/nope").statusCode()).isEqualTo(404);
      assertThat(new JsonObject(h.get("/api/runs/nope").body()).getString("error")).isEqualTo("unknown run");
      assertThat(new JsonObject(h.get("/api/runs").body()).getJsonArray("runs").getJsonObject(0).getString("run_id")).isEqualTo("events");
    }
  }

  @Test
  void quantileModeUsesEachVolumesOwnQuantiles() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set("engine.quantile-mode", "true").set("engine.thresholds", "0,0.5").start()) {
      // The ring volume holds 16 zeros and 33 ones: q = 0 is η = 0 (the ring), q = 0.5 is η = 1 (everything).
      float[] scaled = Samples.ring();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] = scaled[i] * 40 + 3; // another scale, same quantile picture
      }
      h.send(Samples.sample("q", 0, 0, 0, Samples.ring(), 7, 7).build());
      h.send(Samples.sample("q", 0, 1, 0, scaled, 7, 7).build());
      await("the layer wait", WAIT, () -> h.run("q") != null && h.run("q").getJsonArray("layers").size() == 2);
      for (String layer : new String[] {"00_layer", "01_layer"}) {
        assertThat(h.metric("topowatch_betti_number", "run_id", "q", "layer", layer, "dim", "1", "threshold", "q0.00")).isEqualTo(1.0);
        assertThat(h.metric("topowatch_betti_number", "run_id", "q", "layer", layer, "dim", "1", "threshold", "q0.50")).isEqualTo(0.0);
      }
      assertThat(h.run("q").getJsonArray("thresholds").getList()).containsExactly("q0.00", "q0.50");
    }
  }

  @Test
  void aBurstPausesTheConsumerWithoutARebalanceAndEverySampleIsAppliedOnce() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set("engine.workers", "1").set("limits.max-in-flight", "4").start()) {
      await("assignment", WAIT, () -> h.get("/health").statusCode() == 200);
      float[] big = new float[32 * 28 * 28];
      java.util.Random random = new java.util.Random(7);
      for (int i = 0; i < big.length; i++) {
        big[i] = random.nextFloat();
      }
      java.util.List<dev.topowatch.proto.v1.ActivationSample> burst = new java.util.ArrayList<>();
      for (int i = 0; i < 60; i++) {
        burst.add(Samples.sample("burst", i / 4, 0, i % 4, big, 32, 28, 28).build());
      }
      h.sendAll(burst); // far faster than one worker computes
      await("60 samples", WAIT, () -> h.processed("burst") == 60);
      assertThat(h.metric("topowatch_consumer_pauses_total")).isGreaterThanOrEqualTo(1.0);
      assertThat(h.metric("topowatch_consumer_revocations_total")).isZero();
      await("resumed", WAIT, () -> h.metric("topowatch_consumer_paused") == 0.0);
      assertThat(h.metric("topowatch_samples_duplicate_total")).isZero();
    }
  }

  @Test
  void healthIsUpWhenTheBrokerAnswersAndTheConsumerIsAssigned() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      await("health UP", WAIT, () -> h.get("/health").statusCode() == 200);
      JsonObject health = new JsonObject(h.get("/health").body());
      assertThat(health.getString("status")).isEqualTo("UP");
      assertThat(health.getBoolean("broker_reachable")).isTrue();
      assertThat(health.getBoolean("consumer_assigned")).isTrue();
      assertThat(h.metrics().keySet()).anyMatch(k -> k.startsWith("vertx_")).anyMatch(k -> k.startsWith("jvm_"));
    }
  }
}

package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.ServiceHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.proto.v1.ActivationSample;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.topowatch.broker.SharedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** "The analyzer's aggregates survive a restart: nothing is lost or counted twice." */
@Timeout(180)
class RestartSafetyTest {

  private static final Duration WAIT = Duration.ofSeconds(45);

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  /** Step s, layer l, sample i: layer 0 a ring, layer 1 (1 + i % 4) blobs, so every number is known. */
  private static ActivationSample sample(long step, int layer, int i) {
    float[] v = layer == 0 ? Samples.ring() : Samples.blobs(1 + i % 4);
    return Samples.sample("restart", step, layer, i, v, 7, 7).build();
  }

  private static List<ActivationSample> steps(int from, int to) {
    List<ActivationSample> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      for (int l = 0; l < 2; l++) {
        for (int i = 0; i < 4; i++) {
          out.add(sample(s, l, i));
        }
      }
    }
    return out;
  }

  @Test
  void aRestartMidStreamNeitherLosesNorDoubleCountsAndRedeliveryChangesNothing() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)) {
      h.start();
      h.send(Samples.runStarted("restart", 2, 4, 1.0));
      steps(0, 2).forEach(h::send);
      await("16 samples", WAIT, () -> h.processed("restart") == 16);

      // The same record twice changes nothing.
      h.send(sample(1, 1, 3));
      await("the duplicate to be seen", WAIT, () -> h.metric("topowatch_samples_duplicate_total") == 1.0);
      assertThat(h.processed("restart")).isEqualTo(16);

      // Stop in the middle of a burst: some records applied, some not, offsets partly committed.
      List<ActivationSample> burst = steps(2, 12); // 80 samples
      burst.subList(0, 40).forEach(h::send);
      await("part of the burst", WAIT, () -> h.processed("restart") > 20);
      h.stop();
      burst.subList(40, 80).forEach(h::send);
      h.start();
      await("every sample exactly once", WAIT, () -> h.processed("restart") == 96);
      assertNumbers(h, 96, 12);

      // Lose every committed offset (a new consumer group keeping the run-state topic): the whole topic
      // is redelivered, and ignored.
      h.stop();
      h.set(AnalyzerConfig.TOPIC_RUN_STATE, h.settings.get(AnalyzerConfig.KAFKA_GROUP_ID) + ".run-state");
      h.set(AnalyzerConfig.KAFKA_GROUP_ID, "restart-fresh-group");
      h.start();
      h.awaitReady(WAIT);
      assertThat(h.processed("restart")).as("restored from the run-state topic before any record").isEqualTo(96);
      await("the redelivered topic", WAIT, () -> h.metric("topowatch_samples_duplicate_total") >= 97.0);
      assertNumbers(h, 96, 12);
    }
  }

  private static void assertNumbers(ServiceHarness h, long processed, int steps) {
    assertThat(h.metric("topowatch_samples_processed_total", "run_id", "restart")).isEqualTo((double) processed);
    JsonObject run = h.run("restart");
    assertThat(run.getLong("samples_processed")).isEqualTo(processed);
    assertThat(run.getJsonObject("theta").getJsonArray("0")).hasSize(steps);
    JsonObject blobs = run.getJsonArray("layers").getJsonObject(1);
    assertThat(blobs.getLong("step")).isEqualTo(steps - 1);
    assertThat(blobs.getInteger("samples")).isEqualTo(4);
    // mean of 1, 2, 3, 4 blobs
    assertThat(blobs.getJsonObject("thresholds").getJsonObject("0").getJsonArray("betti").getList()).containsExactly(2.5, 0.0);
    assertThat(h.metric("topowatch_betti_number", "run_id", "restart", "layer", "01_layer", "dim", "0", "threshold", "0")).isEqualTo(2.5);
  }
}

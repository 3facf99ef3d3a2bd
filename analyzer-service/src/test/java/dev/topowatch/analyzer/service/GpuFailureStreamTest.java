package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.ServiceHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.SharedBroker;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.topology.gpu.EmulatedCuda;
import dev.topowatch.topology.gpu.EmulatedCuda.FaultMode;
import dev.topowatch.topology.gpu.EmulatedGpuProperties;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole analyzer (embedded broker, consumer, batcher, run state) on the emulated GPU, whose
 * kernel faults in the middle of the stream (a sticky CUDA error): not one sample may be lost. Under
 * {@code auto} the failed batch is recomputed on cpu and the rest follows there; with {@code gpu}
 * asked for, /health turns 503 with the reason, nothing more is committed, and after a restart on a
 * healthy device every held sample is computed, exactly once.
 */
@Timeout(300)
class GpuFailureStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String RUN = "gpu-fault";
  private static final int STEPS = 10;
  private static final int LAYERS = 2;
  private static final int PER_LAYER = 4;
  private static final int TOTAL = STEPS * LAYERS * PER_LAYER;

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;
  @RegisterExtension final EmulatedGpuProperties gpu = new EmulatedGpuProperties();

  /** Layer 0 a ring (b0 = b1 = 1), layer 1 (1 + i % 4) blobs: every number is known. */
  private static ActivationSample sample(long step, int layer, int i) {
    float[] v = layer == 0 ? Samples.ring() : Samples.blobs(1 + i % 4);
    return Samples.sample(RUN, step, layer, i, v, 7, 7).build();
  }

  private static List<ActivationSample> steps(int from, int to) {
    List<ActivationSample> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      for (int l = 0; l < LAYERS; l++) {
        for (int i = 0; i < PER_LAYER; i++) {
          out.add(sample(s, l, i));
        }
      }
    }
    return out;
  }

  @Test
  void underAutoTheFailedBatchIsRecomputedOnCpuAndNoSampleIsLost() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)) {
      h.set(AnalyzerConfig.ENGINE_BACKEND, "auto").start();
      h.send(Samples.runStarted(RUN, LAYERS, PER_LAYER, 1.0));
      h.sendAll(steps(0, STEPS / 2));
      await("the first half, on the gpu", WAIT, () -> h.processed(RUN) == TOTAL / 2);
      JsonObject healthy = health(h, 200);
      assertThat(healthy.getJsonObject("engine").getString("backend")).isEqualTo("gpu");

      // The next launch faults: the first batch of the second half (one launch may hold the whole half).
      EmulatedCuda.fault("cuLaunchKernel", 1, EmulatedCuda.CUDA_ERROR_ILLEGAL_ADDRESS, FaultMode.STICKY);
      h.sendAll(steps(STEPS / 2, STEPS));
      await("every sample", WAIT, () -> h.processed(RUN) == TOTAL);

      assertThat(h.metric("topowatch_engine_failures_total", "backend", "gpu", "kind", "sticky")).isEqualTo(1.0);
      assertThat(h.metric("topowatch_samples_recomputed_total")).as("the failed batch, recomputed on cpu").isPositive();
      assertThat(h.metric("topowatch_engine_broken")).isZero();
      JsonObject engine = health(h, 200).getJsonObject("engine");
      assertThat(engine.getString("backend")).isEqualTo("cpu");
      assertThat(engine.getString("configured")).isEqualTo("gpu");
      assertThat(engine.getBoolean("broken")).isFalse();
      assertThat(engine.getString("failure")).contains("sticky", "CUDA_ERROR_ILLEGAL_ADDRESS");
      assertThat(engine.getJsonObject("failures").fieldNames()).containsExactly("sticky");
      assertThat(engine.getJsonObject("failures").getLong("sticky")).isEqualTo(1L);
      assertThat(engine.getLong("samples_recomputed")).isEqualTo((long) h.metric("topowatch_samples_recomputed_total"));
      assertNumbers(h);
    }
  }

  @Test
  void withGpuAskedForTheAnalyzerStopsCommittingAndARestartComputesEveryHeldSample() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)) {
      h.set(AnalyzerConfig.ENGINE_BACKEND, "gpu").start();
      h.send(Samples.runStarted(RUN, LAYERS, PER_LAYER, 1.0));
      h.sendAll(steps(0, STEPS / 2));
      await("the first half, on the gpu", WAIT, () -> h.processed(RUN) == TOTAL / 2);

      // The next launch faults: the first batch of the second half (one launch may hold the whole half).
      EmulatedCuda.fault("cuLaunchKernel", 1, EmulatedCuda.CUDA_ERROR_ILLEGAL_ADDRESS, FaultMode.STICKY);
      h.sendAll(steps(STEPS / 2, STEPS));
      await("/health 503", WAIT, () -> h.get("/health").statusCode() == 503);
      JsonObject down = health(h, 503);
      assertThat(down.getString("reason")).startsWith("Betti engine broken, samples held until a restart: the gpu engine failed (sticky)")
          .contains("CUDA_ERROR_ILLEGAL_ADDRESS");
      assertThat(down.getJsonObject("engine").getBoolean("broken")).isTrue();
      assertThat(h.metric("topowatch_engine_broken")).isEqualTo(1.0);
      assertThat(h.metric("topowatch_engine_failures_total", "backend", "gpu", "kind", "sticky")).isEqualTo(1.0);
      long beforeRestart = h.processed(RUN);
      assertThat(beforeRestart).as("applied before the restart").isGreaterThanOrEqualTo(TOTAL / 2).isLessThan(TOTAL);

      h.stop();
      EmulatedCuda.reset(); // the restart finds a healthy device
      h.start();
      await("every sample, after the restart", WAIT, () -> h.processed(RUN) == TOTAL);
      health(h, 200);
      assertThat(h.metric("topowatch_samples_recomputed_total")).isZero();
      assertNumbers(h);
    }
  }

  private static JsonObject health(ServiceHarness h, int status) {
    HttpResponse<String> r = h.get("/health");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  /** Every sample applied once: the counts, θ per step, and the latest step's means. */
  private static void assertNumbers(ServiceHarness h) {
    await("the counts to settle", Duration.ofSeconds(10), () -> h.processed(RUN) == TOTAL);
    assertThat(h.metric("topowatch_samples_processed_total", "run_id", RUN)).isEqualTo((double) TOTAL);
    JsonObject run = h.run(RUN);
    assertThat(run.getJsonObject("theta").getJsonArray("0")).hasSize(STEPS);
    JsonObject ring = run.getJsonArray("layers").getJsonObject(0);
    assertThat(ring.getLong("step")).isEqualTo(STEPS - 1);
    assertThat(ring.getJsonObject("thresholds").getJsonObject("0").getJsonArray("betti").getList()).containsExactly(1.0, 1.0);
    JsonObject blobs = run.getJsonArray("layers").getJsonObject(1);
    assertThat(blobs.getInteger("samples")).isEqualTo(PER_LAYER);
    assertThat(blobs.getJsonObject("thresholds").getJsonObject("0").getJsonArray("betti").getList()).containsExactly(2.5, 0.0);
  }
}

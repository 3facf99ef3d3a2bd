package dev.topowatch.analyzer.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The recorder on a real registry: what the live state publishes ends up in the record, every step of it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunRecorderTest {

  private static final List<String> THRESHOLDS = List.of("0", "1");

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @Test
  void recordsEveryPublishedStepBeyondTheLiveThetaHistory() throws Exception {
    int thetaHistory = 2;
    RunRegistry runs = registry(thetaHistory);
    try (HistoryStore store = store()) {
      runs.addListener(new RunRecorder(store, clock::get));
      runs.apply("r", started(2, 1));
      for (long step = 0; step < 5; step++) {
        runs.apply("r", sample(step, 0, 4 + step));
        runs.apply("r", sample(step, 1, 2));
        runs.apply("r", new RunEvent.StepMetrics(step, 0, 2.0 - step / 10.0, 0.1 * step, 0.05, 3, clock.get()));
      }
      runs.apply("r", new RunEvent.EpochMetrics(0, 5, 1.5, 0.4, true, 1.7, 0.35, clock.get()));
      runs.apply("r", new RunEvent.Finished(5, "COMPLETED", clock.get()));
      runs.syncAll();

      assertThat(runs.get("r").orElseThrow().snapshot().theta()).hasSize(thetaHistory);
      RunSeries series = RunSeries.fold(store.lines("r").orElseThrow());
      assertThat(series.topology().keySet()).containsExactly(0L, 1L, 2L, 3L, 4L);
      ObjectNode step3 = series.topology().get(3L);
      // Ω = b0 + b1 per layer: layer 0 has b0 = 7, b1 = 1 at both thresholds; layer 1 has 2 + 1.
      assertThat(step3.path("layers").get(0).path("omega").path("0").asDouble()).isEqualTo(8.0);
      assertThat(step3.path("layers").get(1).path("omega").path("1").asDouble()).isEqualTo(3.0);
      assertThat(step3.path("layers").get(0).path("betti").path("1").toString()).isEqualTo("[7.0,1.0]");
      assertThat(step3.path("layers").get(0).path("shape").toString()).isEqualTo("[4,4]");
      assertThat(step3.path("theta").has("0")).isTrue();
      assertThat(series.steps()).hasSize(5);
      assertThat(series.steps().get(4L).path("loss").asDouble()).isEqualTo(1.6);
      assertThat(series.epochs().get(0L).path("generalization_gap").asDouble()).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(series.records().get(0).path("type").asText()).isEqualTo("run");
      assertThat(series.records().get(series.records().size() - 1).path("status").asText()).isEqualTo("COMPLETED");

      RunSummary summary = store.summary("r").orElseThrow();
      assertThat(summary.jobName()).isEqualTo("job");
      assertThat(summary.status()).isEqualTo("COMPLETED");
      assertThat(summary.powergradAlpha()).isEqualTo(0.3);
      assertThat(summary.samplesProcessed()).isEqualTo(10);
      assertThat(summary.latestStep()).isEqualTo(4);
    }
  }

  @Test
  void aRunRemovedFromMemoryKeepsItsRecordAcrossARestart() throws Exception {
    RunRegistry runs = registry(16);
    try (HistoryStore store = store()) {
      runs.addListener(new RunRecorder(store, clock::get));
      runs.apply("gone", started(2, 1));
      runs.apply("gone", sample(0, 0, 3));
      runs.apply("gone", sample(0, 1, 1));
      clock.addAndGet(Duration.ofHours(1).toMillis());
      runs.tick(); // idle for longer than the idle timeout: removed from memory
      assertThat(runs.get("gone")).isEmpty();
      assertThat(store.summary("gone")).isPresent();
    }
    try (HistoryStore reopened = store()) {
      assertThat(reopened.summary("gone").orElseThrow().samplesProcessed()).isEqualTo(2);
      assertThat(RunSeries.fold(reopened.lines("gone").orElseThrow()).topology()).containsKey(0L);
    }
  }

  private RunRegistry registry(int thetaHistory) {
    return new RunRegistry(new RunRegistry.Settings(THRESHOLDS, thetaHistory, 8, 5, Duration.ofSeconds(1),
        Duration.ofMinutes(30)), clock::get);
  }

  private HistoryStore store() {
    return HistoryStore.open(dir.resolve("history"), new Retention(Duration.ofDays(30), 1L << 30), clock::get);
  }

  /** One sample of a 4×4 layer with Betti numbers (b0, 1) at both thresholds. */
  static RunEvent.SampleApplied sample(long step, int layer, long b0) {
    return new RunEvent.SampleApplied(step, 0, layer, "l" + layer, 0, new int[] {4, 4}, new long[][] {{b0, 1}, {b0, 1}}, 1_000);
  }

  static RunEvent.Started started(int layers, int samples) {
    List<RunEvent.LayerMeta> metas = new java.util.ArrayList<>();
    for (int l = 0; l < layers; l++) {
      metas.add(new RunEvent.LayerMeta(l, "l" + l, new int[] {4, 4}));
    }
    return new RunEvent.Started("job", true, 0.3, metas, samples, 0);
  }
}

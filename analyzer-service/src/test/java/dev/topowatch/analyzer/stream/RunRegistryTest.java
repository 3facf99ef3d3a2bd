package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRegistryTest {

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);

  private RunRegistry open(int maxLive) {
    return RunRegistry.open(dir, new RunRegistry.Settings(List.of("0", "1"), 16, 8, maxLive, Duration.ofSeconds(1),
        Duration.ofMinutes(30)), clock::get);
  }

  @Test
  void aReplayedJournalRebuildsTheSameStateAndKeepsIdempotency() {
    RunSnapshot before;
    try (RunRegistry runs = open(5)) {
      runs.apply("a", RunStateTest.started(2, 2));
      for (int i = 0; i < 2; i++) {
        runs.apply("a", RunStateTest.sample(0, 0, i, 3, 1));
        runs.apply("a", RunStateTest.sample(0, 1, i, 1, 0));
      }
      runs.apply("a", RunStateTest.sample(1, 0, 0, 2, 0));
      runs.apply("a", new RunEvent.SampleRejected(1, 1, 0, "too_large"));
      runs.apply("a", new RunEvent.StepMetrics(1, 0, 0.5, 0.5, 0.1, 1, 0));
      clock.addAndGet(5_000);
      assertThat(runs.tick()).hasSize(1); // step 1 closed by the layer wait
      runs.syncAll();
      before = runs.get("a").orElseThrow().snapshot();
    }
    try (RunRegistry runs = open(5)) {
      RunSnapshot after = runs.get("a").orElseThrow().snapshot();
      assertThat(describe(after)).isEqualTo(describe(before)).contains("theta=[NaN, NaN]");
      assertThat(runs.apply("a", RunStateTest.sample(0, 0, 1, 3, 1)).outcome()).isEqualTo(RunRegistry.Outcome.DUPLICATE);
      assertThat(runs.get("a").orElseThrow().samplesProcessed()).isEqualTo(5);
    }
  }

  /** Every field of a snapshot as text (NaN equal to NaN). */
  static String describe(RunSnapshot s) {
    StringBuilder b = new StringBuilder(s.toString().replaceAll("\\[[A-Z]@[0-9a-f]+|\\[\\[[A-Z]@[0-9a-f]+", "#"));
    s.layers().forEach(l -> b.append(" layer ").append(l.index()).append(java.util.Arrays.deepToString(l.betti()))
        .append(java.util.Arrays.toString(l.omega())).append(java.util.Arrays.toString(l.shape())));
    s.theta().forEach(p -> b.append(" step ").append(p.step()).append(" theta=").append(java.util.Arrays.toString(p.theta()))
        .append(" late=").append(java.util.Arrays.toString(p.lateLayerComplexity())).append(p.complete()).append(p.layersPresent()));
    return b.toString();
  }

  @Test
  void aCompactedJournalRestoresTheSameStateFromItsCheckpoint() throws Exception {
    RunRegistry.Settings compacting = new RunRegistry.Settings(List.of("0", "1"), 4, 3, 5, Duration.ofSeconds(1),
        Duration.ofMinutes(30), 7);
    RunSnapshot before;
    try (RunRegistry runs = RunRegistry.open(dir, compacting, clock::get)) {
      runs.apply("a", RunStateTest.started(2, 2));
      for (long step = 0; step < 6; step++) {
        for (int i = 0; i < 2; i++) {
          runs.apply("a", RunStateTest.sample(step, 0, i, 3 + i, 1));
          if (step != 5) {
            runs.apply("a", RunStateTest.sample(step, 1, i, 1, 0));
          }
        }
      }
      runs.apply("a", new RunEvent.SampleRejected(5, 1, 0, "too_large"));
      runs.apply("a", new RunEvent.StepMetrics(5, 0, 0.5, 0.5, 0.1, 1, 0));
      runs.apply("a", new RunEvent.EpochMetrics(0, 5, 0.5, 0.6, true, 0.7, 0.4, 0));
      runs.syncAll();
      before = runs.get("a").orElseThrow().snapshot();
    }
    Path file;
    try (var files = Files.list(dir)) {
      file = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    assertThat(Files.readAllLines(file).size()).isLessThan(8); // header, checkpoint, at most 6 entries since
    try (RunRegistry runs = RunRegistry.open(dir, compacting, clock::get)) {
      RunState a = runs.get("a").orElseThrow();
      assertThat(describe(a.snapshot())).isEqualTo(describe(before));
      assertThat(runs.apply("a", RunStateTest.sample(5, 0, 1, 9, 9)).outcome()).isEqualTo(RunRegistry.Outcome.DUPLICATE);
      assertThat(runs.apply("a", RunStateTest.sample(0, 0, 1, 9, 9)).outcome()).isEqualTo(RunRegistry.Outcome.STALE);
      // Step 5 is still open: its last sample completes it, with the sums restored from the checkpoint.
      runs.apply("a", RunStateTest.sample(5, 1, 1, 1, 0));
      RunSnapshot.ThetaPoint last = a.snapshot().theta().get(a.snapshot().theta().size() - 1);
      assertThat(last.step()).isEqualTo(5);
      assertThat(last.complete()).isTrue();
      assertThat(a.layer(0).betti()[0]).containsExactly(3.5, 1.0);
    }
  }

  @Test
  void aLineTornByACrashIsDroppedAndTheJournalStaysAppendable() throws Exception {
    try (RunRegistry runs = open(5)) {
      runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
      runs.syncAll();
    }
    Path file;
    try (var files = Files.list(dir)) {
      file = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    Files.writeString(file, "{\"k\":\"s\",\"st\":0,\"ep", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (RunRegistry runs = open(5)) {
      assertThat(runs.get("a").orElseThrow().samplesProcessed()).isEqualTo(1);
      runs.apply("a", RunStateTest.sample(0, 0, 1, 1, 0));
      runs.syncAll();
    }
    try (RunRegistry runs = open(5)) {
      assertThat(runs.get("a").orElseThrow().samplesProcessed()).isEqualTo(2);
    }
  }

  @Test
  void idleRunsAreRemovedWithTheirJournal() throws Exception {
    try (RunRegistry runs = open(5)) {
      runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
      runs.syncAll();
      clock.addAndGet(Duration.ofMinutes(31).toMillis());
      runs.tick();
      assertThat(runs.get("a")).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".journal"))).isEmpty();
    }
  }

  @Test
  void theLiveRunCapRefusesNewRunsButAFinishedRunMakesRoom() {
    try (RunRegistry runs = open(2)) {
      runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
      runs.apply("b", RunStateTest.sample(0, 0, 0, 1, 0));
      assertThat(runs.admits("c")).isFalse();
      assertThat(runs.apply("c", RunStateTest.sample(0, 0, 0, 1, 0)).outcome()).isEqualTo(RunRegistry.Outcome.TOO_MANY_RUNS);
      runs.apply("a", new RunEvent.Finished(1, "COMPLETED", 0));
      assertThat(runs.apply("c", RunStateTest.sample(0, 0, 0, 1, 0)).outcome()).isEqualTo(RunRegistry.Outcome.APPLIED);
      assertThat(runs.runs()).extracting(RunState::runId).containsExactly("b", "c");
    }
  }

  @Test
  void aJournalWithOtherThresholdsIsSetAsideNotMisread() throws Exception {
    try (RunRegistry runs = open(5)) {
      runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    }
    try (RunRegistry runs = RunRegistry.open(dir, new RunRegistry.Settings(List.of("0.5"), 16, 8, 5, Duration.ofSeconds(1),
        Duration.ofMinutes(30)), clock::get)) {
      assertThat(runs.get("a")).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".journal.stale"));
    }
  }
}

package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RunRegistryTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);

  private RunRegistry registry(int maxLive) {
    return registry(new RunRegistry.Settings(List.of("0", "1"), 16, 8, maxLive, Duration.ofSeconds(1), Duration.ofMinutes(30)));
  }

  private RunRegistry registry(RunRegistry.Settings settings) {
    return new RunRegistry(settings, clock::get);
  }

  /** Every change taken, through the JSON the changelog carries. */
  private static Map<String, RunCheckpoint> saved(RunRegistry runs) {
    return runs.takeChanges(id -> true).stream()
        .filter(c -> c.checkpoint() != null)
        .collect(Collectors.toMap(RunRegistry.Change::runId, c -> CheckpointCodec.decode(CheckpointCodec.encode(c.checkpoint()))));
  }

  @Test
  void aRestoredCheckpointRebuildsTheSameStateAndKeepsIdempotency() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.started(2, 2));
    for (int i = 0; i < 2; i++) {
      runs.apply("a", RunStateTest.sample(0, 0, i, 3, 1));
      runs.apply("a", RunStateTest.sample(0, 1, i, 1, 0));
    }
    runs.apply("a", RunStateTest.sample(1, 0, 0, 2, 0));
    runs.apply("a", new RunEvent.SampleRejected(1, 1, 0, "too_large"));
    runs.apply("a", new RunEvent.StepMetrics(1, 0, 0.5, 0.5, 0.1, 1, 0));
    runs.apply("a", new RunEvent.EpochMetrics(0, 1, 0.5, 0.6, true, 0.7, 0.4, 0));
    clock.addAndGet(5_000);
    assertThat(runs.tick()).hasSize(1); // step 1 closed by the layer wait
    RunSnapshot before = runs.get("a").orElseThrow().snapshot();

    RunRegistry other = registry(5);
    assertThat(other.restore(saved(runs).get("a"))).isTrue();
    RunSnapshot after = other.get("a").orElseThrow().snapshot();
    assertThat(describe(after)).isEqualTo(describe(before)).contains("theta=[NaN, NaN]");
    assertThat(other.get("a").orElseThrow().lastActivityMs()).isEqualTo(runs.get("a").orElseThrow().lastActivityMs());
    assertThat(other.apply("a", RunStateTest.sample(0, 0, 1, 3, 1)).outcome()).isEqualTo(RunRegistry.Outcome.DUPLICATE);
    assertThat(other.apply("a", new RunEvent.SampleRejected(1, 1, 0, "too_large")).outcome())
        .isEqualTo(RunRegistry.Outcome.DUPLICATE);
    assertThat(other.get("a").orElseThrow().samplesProcessed()).isEqualTo(5);
  }

  @Test
  void aRestoredOpenStepCompletesWithItsSavedSumsAndForgottenStepsStayStale() {
    RunRegistry runs = registry(new RunRegistry.Settings(List.of("0", "1"), 4, 3, 5, Duration.ofSeconds(1), Duration.ofMinutes(30)));
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
    RunSnapshot before = runs.get("a").orElseThrow().snapshot();

    RunRegistry other = registry(new RunRegistry.Settings(List.of("0", "1"), 4, 3, 5, Duration.ofSeconds(1), Duration.ofMinutes(30)));
    other.restore(saved(runs).get("a"));
    RunState a = other.get("a").orElseThrow();
    assertThat(describe(a.snapshot())).isEqualTo(describe(before));
    assertThat(other.apply("a", RunStateTest.sample(5, 0, 1, 9, 9)).outcome()).isEqualTo(RunRegistry.Outcome.DUPLICATE);
    assertThat(other.apply("a", RunStateTest.sample(0, 0, 1, 9, 9)).outcome()).isEqualTo(RunRegistry.Outcome.STALE);
    // Step 5 is still open: its last sample completes it, with the sums restored from the checkpoint.
    other.apply("a", RunStateTest.sample(5, 1, 1, 1, 0));
    RunSnapshot.ThetaPoint last = a.snapshot().theta().get(a.snapshot().theta().size() - 1);
    assertThat(last.step()).isEqualTo(5);
    assertThat(last.complete()).isTrue();
    assertThat(a.layer(0).betti()[0]).containsExactly(3.5, 1.0);
  }

  @Test
  void aSampleIndexBeyondTheBitSetSurvivesACheckpoint() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.sample(0, 0, 1 << 20, 1, 0));
    runs.apply("a", RunStateTest.sample(0, 0, -3, 1, 0));
    RunRegistry other = registry(5);
    other.restore(saved(runs).get("a"));
    assertThat(other.alreadySeen("a", new SampleKey(0, 0, 1 << 20))).isTrue();
    assertThat(other.alreadySeen("a", new SampleKey(0, 0, -3))).isTrue();
    assertThat(other.alreadySeen("a", new SampleKey(0, 0, 5))).isFalse();
  }

  @Test
  void onlyRunsChangedSinceTheLastSaveAreSavedAndAFailedSaveIsRetried() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.apply("b", RunStateTest.sample(0, 0, 0, 1, 0));
    List<RunRegistry.Change> first = runs.takeChanges(id -> true);
    assertThat(first).extracting(RunRegistry.Change::runId).containsExactlyInAnyOrder("a", "b");
    assertThat(runs.takeChanges(id -> true)).isEmpty();

    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0)); // a duplicate changes nothing
    assertThat(runs.takeChanges(id -> true)).isEmpty();

    runs.apply("b", RunStateTest.sample(0, 0, 1, 1, 0));
    List<RunRegistry.Change> second = runs.takeChanges(id -> true);
    assertThat(second).extracting(RunRegistry.Change::runId).containsExactly("b");
    assertThat(second.get(0).checkpoint().samplesProcessed()).isEqualTo(2);
    runs.keepChanges(second);
    assertThat(runs.takeChanges(id -> true)).extracting(RunRegistry.Change::runId).containsExactly("b");
  }

  @Test
  void changesOfRunsThisReplicaDoesNotHoldAreNotSaved() {
    RunRegistry runs = registry(5);
    runs.apply("mine", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.apply("theirs", RunStateTest.sample(0, 0, 0, 1, 0));
    assertThat(runs.takeChanges("mine"::equals)).extracting(RunRegistry.Change::runId).containsExactly("mine");
    assertThat(runs.takeChanges(id -> true)).isEmpty();
  }

  @Test
  void anIdleRunIsRemovedAndSavedAsATombstone() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.takeChanges(id -> true);
    clock.addAndGet(Duration.ofMinutes(31).toMillis());
    runs.tick();
    assertThat(runs.get("a")).isEmpty();
    assertThat(runs.takeChanges(id -> true)).containsExactly(new RunRegistry.Change("a", null));
  }

  @Test
  void releasedRunsGoWithoutATombstoneAndTheirUnsavedChangesAreDropped() {
    RunRegistry runs = registry(5);
    List<String> released = new java.util.ArrayList<>();
    runs.addListener(new RunRegistry.Listener() {
      @Override public void runAdded(RunState run) {}
      @Override public void runRemoved(RunState run) {}
      @Override public void published(RunState run) {}
      @Override public void runReleased(RunState run) {
        released.add(run.runId());
      }
    });
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.apply("b", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.release("a"::equals);
    assertThat(released).containsExactly("a");
    assertThat(runs.runs()).extracting(RunState::runId).containsExactly("b");
    assertThat(runs.takeChanges(id -> true)).extracting(RunRegistry.Change::runId).containsExactly("b");
  }

  @Test
  void restoringARunHeldHereReplacesIt() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    RunCheckpoint one = saved(runs).get("a");
    runs.apply("a", RunStateTest.sample(0, 0, 1, 1, 0));
    runs.restore(one);
    assertThat(runs.get("a").orElseThrow().samplesProcessed()).isEqualTo(1);
    assertThat(runs.runs()).hasSize(1);
  }

  @Test
  void theLiveRunCapRefusesNewRunsButAFinishedRunMakesRoom() {
    RunRegistry runs = registry(2);
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    runs.apply("b", RunStateTest.sample(0, 0, 0, 1, 0));
    assertThat(runs.admits("c")).isFalse();
    assertThat(runs.apply("c", RunStateTest.sample(0, 0, 0, 1, 0)).outcome()).isEqualTo(RunRegistry.Outcome.TOO_MANY_RUNS);
    runs.apply("a", new RunEvent.Finished(1, "COMPLETED", 0));
    assertThat(runs.apply("c", RunStateTest.sample(0, 0, 0, 1, 0)).outcome()).isEqualTo(RunRegistry.Outcome.APPLIED);
    assertThat(runs.runs()).extracting(RunState::runId).containsExactly("b", "c");
    Map<String, RunRegistry.Change> changes = runs.takeChanges(id -> true).stream()
        .collect(Collectors.toMap(RunRegistry.Change::runId, Function.identity()));
    assertThat(changes.get("a").checkpoint()).as("the finished run that made room is removed").isNull();
  }

  @Test
  void aCheckpointWithOtherThresholdsIsRefusedNotMisread() {
    RunRegistry runs = registry(5);
    runs.apply("a", RunStateTest.sample(0, 0, 0, 1, 0));
    RunCheckpoint a = saved(runs).get("a");
    RunRegistry other = registry(new RunRegistry.Settings(List.of("0.5"), 16, 8, 5, Duration.ofSeconds(1), Duration.ofMinutes(30)));
    assertThat(other.restore(a)).isFalse();
    assertThat(other.get("a")).isEmpty();
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
}

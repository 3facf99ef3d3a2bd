package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What fail-over relies on: a run restored from the checkpoint taken after event m, then fed every
 * event from an earlier k on (the records after the last committed offset, redelivered in order),
 * ends exactly where the run that saw each event once ends.
 */
@Timeout(60)
class CheckpointRedeliveryTest {

  private static final List<String> T = List.of("0", "0.5", "1");

  @Property(tries = 300, seed = "20261201")
  void restoredPlusRedeliveredEqualsSeenOnce(@ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int cutPercent,
      @ForAll @IntRange(min = 0, max = 100) int redeliverPercent) {
    List<RunEvent> events = events(new Random(seed));
    int m = events.size() * cutPercent / 100;
    int k = m * redeliverPercent / 100;

    RunState once = new RunState("r", T, 8, 6, 0);
    RunState before = new RunState("r", T, 8, 6, 0);
    for (int i = 0; i < events.size(); i++) {
      once.apply(events.get(i), 0);
      if (i < m) {
        before.apply(events.get(i), 0);
      }
    }
    RunCheckpoint saved = CheckpointCodec.decode(CheckpointCodec.encode(before.checkpoint()));
    RunState restored = RunState.restore(saved, 8, 6, ThetaLayers.ALL);
    for (RunEvent e : events.subList(k, events.size())) {
      restored.apply(e, 0);
    }
    assertThat(RunRegistryTest.describe(restored.snapshot())).isEqualTo(RunRegistryTest.describe(once.snapshot()));
    for (RunEvent e : events) {
      if (e instanceof RunEvent.SampleApplied s) {
        assertThat(restored.alreadySeen(s.key())).isEqualTo(once.alreadySeen(s.key()));
      }
    }
  }

  /**
   * A run as the agent sends it: RunStarted, then steps in order, each with samples of its layers
   * (some rejected, some late by a step), metrics, and now and then a layer wait running out.
   */
  private static List<RunEvent> events(Random random) {
    int layers = 2 + random.nextInt(3);
    int samples = 1 + random.nextInt(3);
    List<RunEvent> out = new ArrayList<>();
    List<RunEvent.LayerMeta> metas = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      metas.add(new RunEvent.LayerMeta(l, "l" + l, new int[] {4, 4}));
    }
    out.add(new RunEvent.Started("job", random.nextBoolean(), 0.5, metas, samples, 0));
    int steps = 1 + random.nextInt(12);
    List<RunEvent> late = new ArrayList<>();
    for (long step = 0; step < steps; step++) {
      out.addAll(late);
      late.clear();
      for (int l = 0; l < layers; l++) {
        for (int i = 0; i < samples; i++) {
          RunEvent e = random.nextInt(10) == 0
              ? new RunEvent.SampleRejected(step, l, i, "non_finite")
              : new RunEvent.SampleApplied(step, (int) step / 4, l, "l" + l, i, new int[] {4, 4},
                  new long[][] {{random.nextInt(5), random.nextInt(3)}, {random.nextInt(4), random.nextInt(2)}, {1, 0}}, step);
          (random.nextInt(8) == 0 ? late : out).add(e);
        }
      }
      out.add(new RunEvent.StepMetrics(step, (int) step / 4, 1.0 / (step + 1), step / 20.0, 0.1, 2.0, step));
      if (random.nextInt(4) == 0) {
        out.add(new RunEvent.StepClosed(step));
      }
      if (step % 4 == 3) {
        out.add(new RunEvent.EpochMetrics((int) step / 4, step, 0.5, 0.6, true, 0.7, 0.4, step));
      }
    }
    out.addAll(late);
    if (random.nextBoolean()) {
      out.add(new RunEvent.Finished(steps, "COMPLETED", steps));
    }
    return out;
  }

  @Test
  void bytesThatAreNotACheckpointOfThisFormatAreRefused() {
    assertThatThrownBy(() -> CheckpointCodec.decode("{\"k\":\"s\"".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckpointCodec.decode("{\"format\":2,\"runId\":\"r\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2");
  }

  @Test
  void fieldsANewerWriterAddedAreSkipped() {
    RunState run = new RunState("r", T, 8, 6, 0);
    run.apply(new RunEvent.SampleApplied(0, 0, 0, "l0", 0, new int[] {4, 4}, new long[][] {{1, 0}, {1, 0}, {1, 0}}, 0), 0);
    String json = new String(CheckpointCodec.encode(run.checkpoint()), StandardCharsets.UTF_8);
    String newer = json.replaceFirst("\\{", "{\"addedLater\":[1,2,3],");
    assertThat(CheckpointCodec.decode(newer.getBytes(StandardCharsets.UTF_8)).samplesProcessed()).isEqualTo(1);
  }
}

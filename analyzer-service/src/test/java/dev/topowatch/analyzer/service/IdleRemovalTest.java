package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.BettiComputer;
import dev.topowatch.analyzer.stream.EventProcessor;
import dev.topowatch.analyzer.stream.InputLimits;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunState;
import dev.topowatch.analyzer.stream.SampleDecoder;
import dev.topowatch.analyzer.stream.SampleProcessor;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run leaves memory when idle, and nothing that was already taken in brings it back: the cause of
 * WebApiTest's "live: true right after the run had left memory". A sample decoded before the idle
 * timeout but computed after it (a busy engine on a loaded machine) used to land after the removal
 * and create the run anew, empty: no job name, counting from zero, live again.
 */
@Timeout(30)
class IdleRemovalTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final CpuBettiEngine cpu = new CpuBettiEngine(1);
  private final RunRegistry runs = new RunRegistry(
      new RunRegistry.Settings(List.of("0.5"), 16, 8, 10, Duration.ofSeconds(1), Duration.ofSeconds(2)), clock::get);
  private final SampleProcessor samples = new SampleProcessor(new SampleDecoder(InputLimits.DEFAULTS),
      new BettiComputer(cpu, Construction.V, new ThresholdSpec(new double[] {0.5}, false)), runs);
  private final EventProcessor events = new EventProcessor(runs, InputLimits.DEFAULTS);

  @AfterEach
  void close() {
    cpu.close();
  }

  /** A record of one sample, prepared. */
  private SampleProcessor.Prepared prepareOne(byte[] record) {
    List<SampleProcessor.Prepared> prepared = samples.prepare(record);
    assertThat(prepared).hasSize(1);
    return prepared.get(0);
  }

  /** Prepare, compute and complete at once, as the service does with no wait for the engine. */
  private dev.topowatch.analyzer.stream.SampleOutcome computeNow(byte[] record) {
    SampleProcessor.Prepared p = prepareOne(record);
    return samples.complete(p.sample(), samples.computer().compute(p.sample()), 0);
  }

  @Test
  void aSampleComputedAfterTheIdleTimeoutLandsInItsRunInsteadOfReviving() {
    events.process(Samples.runStarted("kept", 2, 1, 0.5).toByteArray());
    assertThat(computeNow(Samples.sample("kept", 0, 0, 0, Samples.ring(), 7, 7).build().toByteArray()).kind())
        .isEqualTo(dev.topowatch.analyzer.stream.SampleOutcome.Kind.APPLIED);
    SampleProcessor.Prepared inFlight = prepareOne(Samples.sample("kept", 0, 1, 0, Samples.blobs(3), 7, 7).build().toByteArray());
    assertThat(inFlight.needsCompute()).isTrue();

    clock.addAndGet(5_000); // the engine is slow: the idle timeout passes while the sample waits for it
    runs.tick();
    RunState held = runs.get("kept").orElseThrow(); // not removed: a sample of it is in flight
    long[][] betti = samples.computer().compute(inFlight.sample());
    samples.complete(inFlight.sample(), betti, 0);

    RunState after = runs.get("kept").orElseThrow();
    assertThat(after).isSameAs(held);
    assertThat(after.snapshot().jobName()).isEqualTo("job-kept");
    assertThat(after.samplesProcessed()).isEqualTo(2);

    clock.addAndGet(5_000); // nothing in flight any more: idle now means removed, for good
    runs.tick();
    assertThat(runs.get("kept")).isEmpty();
  }

  @Test
  void aSampleWhoseComputationFailsLetsItsRunGoIdle() {
    events.process(Samples.runStarted("failed", 1, 1, 0.5).toByteArray());
    SampleProcessor.Prepared inFlight = prepareOne(Samples.sample("failed", 0, 0, 0, Samples.ring(), 7, 7).build().toByteArray());
    samples.abandon(inFlight.sample());
    clock.addAndGet(5_000);
    runs.tick();
    assertThat(runs.get("failed")).isEmpty();
  }

  @Test
  void anEventThatRacesTheRemovalLandsInALiveStateNeverInTheRemovedOne() throws Exception {
    // Many rounds of: the run goes idle, housekeeping removes it while events of it keep coming.
    // Every applied event must be visible in the registry's state or in a removed state handed to the
    // listener, never in a state that left the registry without being told.
    AtomicLong told = new AtomicLong();
    runs.addListener(new RunRegistry.Listener() {
      @Override public void runAdded(RunState run) {}
      @Override public void runRemoved(RunState run) { told.addAndGet(run.samplesProcessed()); }
      @Override public void published(RunState run) {}
    });
    int n = 20_000;
    Thread feeder = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        runs.apply("race", new dev.topowatch.analyzer.stream.RunEvent.SampleApplied(i, 0, 0, "l", 0, new int[] {1},
            new long[][] {{1}}, 0));
      }
    });
    feeder.start();
    while (feeder.isAlive()) {
      clock.addAndGet(3_000);
      runs.tick();
    }
    feeder.join();
    long live = runs.get("race").map(RunState::samplesProcessed).orElse(0L);
    assertThat(told.get() + live).isEqualTo(n);
  }
}

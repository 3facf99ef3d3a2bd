package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.BettiComputer;
import dev.topowatch.analyzer.stream.DecodedSample;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batching window: a lone sample goes at once; under load a batch fills up to its size bound
 * or its time bound; batches mix shapes and carry per-volume thresholds; a failing volume fails
 * alone. The engine is the real cpu back end; a large volume keeps it busy where a test needs load.
 */
@Timeout(60)
class BettiBatcherTest {
  private final CpuBettiEngine cpu = new CpuBettiEngine(1);
  private BettiBatcher batcher;

  @AfterEach
  void close() {
    if (batcher != null) {
      batcher.close();
    }
    cpu.close();
  }

  private BettiComputer computer(boolean quantiles) {
    double[] t = quantiles ? new double[] {0.25, 0.5, 0.9} : new double[] {0, 0.5, 1};
    return new BettiComputer(cpu, Construction.V, new ThresholdSpec(t, quantiles));
  }

  private static DecodedSample sample(int index, Volume v) {
    return new DecodedSample("run", 1, 0, 0, "layer", index, v.shape(), v.data(), 0, 0);
  }

  /** Submits and returns the result (or the failure) as a future. */
  private CompletableFuture<long[][]> submit(DecodedSample s) {
    CompletableFuture<long[][]> f = new CompletableFuture<>();
    batcher.submit(s, new BettiBatcher.Callback() {
      @Override
      public void computed(long[][] betti, long nanos) {
        assertThat(nanos).isPositive();
        f.complete(betti);
      }

      @Override
      public void failed(RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** Keeps the single-threaded engine busy for a while with a large volume, once it has it. */
  private CompletableFuture<long[][]> busy() {
    CompletableFuture<long[][]> f = submit(sample(-1, ActivationVolumes.one(99, 64, 64, 64)));
    // The tests below mean "while the engine is busy": without it they would test nothing, so fail here.
    Awaitility.await("the engine takes the large volume").atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
        .until(() -> !batcher.recentBatchSizes().isEmpty());
    return f;
  }

  @Test
  void aLoneSampleGoesAtOnceWhateverTheWait() throws Exception {
    batcher = new BettiBatcher(computer(false), 100, Duration.ofSeconds(30));
    long start = System.nanoTime();
    submit(sample(0, ActivationVolumes.one(1, 4, 5, 6))).get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(batcher.recentBatchSizes()).containsExactly(1);
  }

  @Test
  void underLoadABatchIsSentWhenFull() throws Exception {
    batcher = new BettiBatcher(computer(false), 4, Duration.ofSeconds(30));
    CompletableFuture<long[][]> first = busy();
    List<CompletableFuture<long[][]>> rest = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rest.add(submit(sample(i, ActivationVolumes.one(i, 3, 4, 5))));
    }
    first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<long[][]> f : rest) {
      f.get(20, TimeUnit.SECONDS); // well before the 30 s wait: full batches go at once
    }
    assertThat(batcher.recentBatchSizes()).containsExactly(1, 4, 4);
  }

  @Test
  void underLoadAPartBatchIsSentWhenItsOldestSampleHasWaitedLongEnough() throws Exception {
    batcher = new BettiBatcher(computer(false), 100, Duration.ofMillis(400));
    CompletableFuture<long[][]> first = busy();
    long start = System.nanoTime();
    List<CompletableFuture<long[][]>> rest = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rest.add(submit(sample(i, ActivationVolumes.one(i, 3, 4, 5))));
    }
    first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<long[][]> f : rest) {
      f.get(20, TimeUnit.SECONDS);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(batcher.recentBatchSizes()).containsExactly(1, 3);
  }

  @Test
  void batchesMixShapesAndCarryEachVolumesQuantiles() throws Exception {
    BettiComputer quantiles = computer(true);
    batcher = new BettiBatcher(quantiles, 100, Duration.ofMillis(300));
    List<DecodedSample> samples = List.of(sample(0, ActivationVolumes.one(1, 6, 7, 8)),
        sample(1, ActivationVolumes.one(2, 30)), sample(2, ActivationVolumes.one(3, 9, 4)),
        sample(3, ActivationVolumes.one(4, 5, 5, 5)));
    CompletableFuture<long[][]> first = busy();
    List<CompletableFuture<long[][]>> results = samples.stream().map(this::submit).toList();
    first.get(30, TimeUnit.SECONDS);
    for (int i = 0; i < samples.size(); i++) {
      assertThat(results.get(i).get(20, TimeUnit.SECONDS)).as("sample %d", i).isDeepEqualTo(quantiles.compute(samples.get(i)));
    }
    assertThat(batcher.recentBatchSizes()).containsExactly(1, 4);
  }

  @Test
  void aFailingVolumeFailsAloneAndTheRestOfItsBatchIsComputed() throws Exception {
    BettiComputer quantiles = computer(true);
    batcher = new BettiBatcher(quantiles, 100, Duration.ofMillis(300));
    DecodedSample good = sample(0, ActivationVolumes.one(1, 4, 4, 4));
    DecodedSample noQuantiles = sample(1, Volume.of(new float[] {Float.NaN, Float.NaN}, 2));
    CompletableFuture<long[][]> first = busy();
    CompletableFuture<long[][]> a = submit(good);
    CompletableFuture<long[][]> bad = submit(noQuantiles);
    CompletableFuture<long[][]> b = submit(good);
    first.get(30, TimeUnit.SECONDS);
    assertThat(a.get(20, TimeUnit.SECONDS)).isDeepEqualTo(quantiles.compute(good));
    assertThat(b.get(20, TimeUnit.SECONDS)).isDeepEqualTo(quantiles.compute(good));
    assertThat(bad).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
        .withMessageContaining("a volume without finite values has no quantiles");
    assertThat(batcher.recentBatchSizes()).startsWith(1, 3);
  }
}

package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.topowatch.topology.CpuBettiEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The one property suite of the gpu back end: its answers equal the cpu back end's on random batches,
 * one property per path (floats or level codes sent, shared memory or the global-memory path, few or
 * many levels). Run against the emulated driver ({@link GpuEngineEmulatedTest}, every build) and a
 * real device ({@link GpuMatchesCpuOnDeviceTest}, on a GPU machine); a subclass says which engine and
 * how large the batches are (a device takes far more volumes in the same number of tries).
 */
abstract class GpuMatchesCpuProperties {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  static final CpuBettiEngine CPU = new CpuBettiEngine(1);
  static final AtomicLong VOLUMES = new AtomicLong();

  /** The engine for this transfer and shared-memory limit (1 forces the global-memory path), opened once. */
  abstract GpuBettiEngine engine(GpuSettings.Transfer transfer, int maxSharedVoxels);

  /** Batches with up to 64 thresholds each ({@code @Provide} in the subclass). */
  abstract Arbitrary<RandomBatches.Batch> batches();

  /** Batches with 260 or more thresholds ({@code @Provide} in the subclass). */
  abstract Arbitrary<RandomBatches.Batch> manyLevels();

  @Property(tries = 150, seed = "20261130")
  void floatsInSharedMemoryMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.FLOATS, 0), batch);
  }

  @Property(tries = 100, seed = "20261131")
  void levelCodesInSharedMemoryMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.CODES, 0), batch);
  }

  /** Every volume of more than one voxel takes the global-memory path. */
  @Property(tries = 50, seed = "20261201")
  void globalMemoryPathMatchesCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.FLOATS, 1), batch);
  }

  /** Over 255 levels: two-byte codes; over 256: counters in device memory instead of shared memory. */
  @Property(tries = 15, seed = "20261202")
  void manyLevelsMatchCpu(@ForAll("manyLevels") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.CODES, 0), batch);
    check(engine(GpuSettings.Transfer.FLOATS, 0), batch);
  }

  /** The gpu's answer for the whole batch in one call, volume by volume equal to the cpu's. */
  static void check(GpuBettiEngine gpu, RandomBatches.Batch b) {
    long[][][] got = assertTimeoutPreemptively(LIMIT, () -> b.perVolume()
        ? gpu.betti(b.volumes(), b.construction(), b.thresholds())
        : gpu.betti(b.volumes(), b.construction(), b.thresholds().get(0)));
    List<double[]> perVolume = new ArrayList<>();
    for (int i = 0; i < b.volumes().size(); i++) {
      perVolume.add(b.thresholds().get(b.perVolume() ? i : 0));
    }
    long[][][] expected = CPU.betti(b.volumes(), b.construction(), perVolume);
    for (int i = 0; i < b.volumes().size(); i++) {
      assertThat(got[i]).as("volume %d of %s", i, b).isDeepEqualTo(expected[i]);
    }
    VOLUMES.addAndGet(b.volumes().size());
  }
}

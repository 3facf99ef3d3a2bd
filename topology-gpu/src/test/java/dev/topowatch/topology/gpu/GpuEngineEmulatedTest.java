package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The gpu back end, its Java side and FFM bindings unchanged, on the emulated driver: betti.cu's
 * kernels compiled by g++ and run on real threads (64 per block, so that a block's threads really
 * race), against the cpu back end, on random batches. Each property covers one path: floats or
 * level codes sent, shared memory or the global-memory path, few or many levels.
 */
@AddLifecycleHook(RequiresGpp.class)
class GpuEngineEmulatedTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final BettiEngine CPU = new CpuBettiEngine(1);
  private static final Map<String, GpuBettiEngine> ENGINES = new HashMap<>();

  @AfterContainer
  static void closeAll() {
    ENGINES.values().forEach(GpuBettiEngine::close);
    ENGINES.clear();
    CPU.close();
  }

  /** One engine per configuration, opened on first use. */
  static synchronized GpuBettiEngine engine(String name, GpuSettings.Transfer transfer, int maxSharedVoxels) {
    return ENGINES.computeIfAbsent(name, k -> {
      try {
        Path cache = Files.createTempDirectory("topowatch-kernels");
        GpuSettings s = EmulatedCuda.settings(cache).withTransfer(transfer).withMaxSharedVoxels(maxSharedVoxels)
            .withChunking(2, 1 << 16); // small chunks: several launches and both slots per batch
        return GpuBettiEngine.open(s);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Provide
  Arbitrary<RandomBatches.Batch> batches() {
    return RandomBatches.batches(6, 1, 64, 7);
  }

  @Provide
  Arbitrary<RandomBatches.Batch> manyLevels() {
    return RandomBatches.batches(2, 260, 600, 4);
  }

  @Property(tries = 150, seed = "20261130")
  void floatsInSharedMemoryMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine("floats", GpuSettings.Transfer.FLOATS, 0), batch);
  }

  @Property(tries = 100, seed = "20261131")
  void levelCodesInSharedMemoryMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine("codes", GpuSettings.Transfer.CODES, 0), batch);
  }

  /** Every volume of more than one voxel takes the global-memory path. */
  @Property(tries = 50, seed = "20261201")
  void globalMemoryPathMatchesCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine("global", GpuSettings.Transfer.FLOATS, 1), batch);
  }

  /** Over 255 levels: two-byte codes; over 256: counters in device memory instead of shared memory. */
  @Property(tries = 15, seed = "20261202")
  void manyLevelsMatchCpu(@ForAll("manyLevels") RandomBatches.Batch batch) {
    check(engine("codes", GpuSettings.Transfer.CODES, 0), batch);
    check(engine("floats", GpuSettings.Transfer.FLOATS, 0), batch);
  }

  /** The benchmark's volumes: 25,088 voxels, two-byte parent indices, at the paper's thresholds. */
  @Example
  void activationVolumesMatchCpu() {
    List<Volume> volumes = ActivationVolumes.batch(3, 7);
    double[] t = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};
    for (Construction c : Construction.values()) {
      check(engine("floats", GpuSettings.Transfer.FLOATS, 0),
          new RandomBatches.Batch(volumes, c, List.of(t), false));
    }
  }

  /** 70,000 voxels: the global path by their size alone; and the global path forced. */
  @Example
  void largerVolumesMatchCpu() {
    List<Volume> volumes = List.of(ActivationVolumes.one(3, 14, 50, 100), ActivationVolumes.one(4, 41, 40, 40));
    double[] t = {0.1, 0.6, 1.1};
    check(engine("codes", GpuSettings.Transfer.CODES, 0), new RandomBatches.Batch(volumes, Construction.T, List.of(t), false));
    check(engine("global", GpuSettings.Transfer.FLOATS, 1), new RandomBatches.Batch(volumes, Construction.V, List.of(t), false));
  }

  @Example
  void curveIsTheCpuCurve() {
    Volume v = ActivationVolumes.one(5, 6, 7, 8);
    assertThat(engine("floats", GpuSettings.Transfer.FLOATS, 0).curve(v, Construction.V).toString())
        .isEqualTo(CPU.curve(v, Construction.V).toString());
  }

  @Example
  void noThresholdsGiveNoRows() {
    long[][][] r = engine("floats", GpuSettings.Transfer.FLOATS, 0)
        .betti(List.of(Volume.of(new float[] {1, 2}, 2)), Construction.V, new double[0]);
    assertThat(r[0]).isEmpty();
  }

  private static void check(GpuBettiEngine gpu, RandomBatches.Batch b) {
    long[][][] got = assertTimeoutPreemptively(LIMIT, () -> b.perVolume()
        ? gpu.betti(b.volumes(), b.construction(), b.thresholds())
        : gpu.betti(b.volumes(), b.construction(), b.thresholds().get(0)));
    for (int i = 0; i < b.volumes().size(); i++) {
      double[] t = b.thresholds().get(b.perVolume() ? i : 0);
      long[][] expected = CPU.betti(List.of(b.volumes().get(i)), b.construction(), t)[0];
      assertThat(got[i]).as("volume %d of %s", i, b).isDeepEqualTo(expected);
    }
  }
}

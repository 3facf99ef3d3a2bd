package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The gpu back end, its Java side and FFM bindings unchanged, on the emulated driver: betti.cu's
 * kernels compiled by g++ and run on real threads (64 per block, so that a block's threads really
 * race), against the cpu back end: the {@link GpuMatchesCpuProperties} suite on small random
 * batches, and a few fixed volumes.
 */
@AddLifecycleHook(RequiresGpp.class)
class GpuEngineEmulatedTest extends GpuMatchesCpuProperties {
  private static final Map<String, GpuBettiEngine> ENGINES = new HashMap<>();

  @AfterContainer
  static void closeAll() {
    ENGINES.values().forEach(GpuBettiEngine::close);
    ENGINES.clear();
  }

  @Override
  GpuBettiEngine engine(GpuSettings.Transfer transfer, int maxSharedVoxels) {
    return engine(transfer + "/" + maxSharedVoxels, transfer, maxSharedVoxels);
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

  @Override
  @Provide
  Arbitrary<RandomBatches.Batch> batches() {
    return RandomBatches.batches(6, 1, 64, 7);
  }

  @Override
  @Provide
  Arbitrary<RandomBatches.Batch> manyLevels() {
    return RandomBatches.batches(2, 260, 600, 4);
  }

  /** The benchmark's volumes: 25,088 voxels, two-byte parent indices, at the paper's thresholds. */
  @Example
  void activationVolumesMatchCpu() {
    List<Volume> volumes = ActivationVolumes.batch(3, 7);
    double[] t = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};
    for (Construction c : Construction.values()) {
      check(engine(GpuSettings.Transfer.FLOATS, 0),
          new RandomBatches.Batch(volumes, c, List.of(t), false));
    }
  }

  /** 70,000 voxels: the global path by their size alone; and the global path forced. */
  @Example
  void largerVolumesMatchCpu() {
    List<Volume> volumes = List.of(ActivationVolumes.one(3, 14, 50, 100), ActivationVolumes.one(4, 41, 40, 40));
    double[] t = {0.1, 0.6, 1.1};
    check(engine(GpuSettings.Transfer.CODES, 0), new RandomBatches.Batch(volumes, Construction.T, List.of(t), false));
    check(engine(GpuSettings.Transfer.FLOATS, 1), new RandomBatches.Batch(volumes, Construction.V, List.of(t), false));
  }

  @Example
  void curveIsTheCpuCurve() {
    Volume v = ActivationVolumes.one(5, 6, 7, 8);
    assertThat(engine(GpuSettings.Transfer.FLOATS, 0).curve(v, Construction.V).toString())
        .isEqualTo(CPU.curve(v, Construction.V).toString());
  }

  @Example
  void noThresholdsGiveNoRows() {
    long[][][] r = engine(GpuSettings.Transfer.FLOATS, 0)
        .betti(List.of(Volume.of(new float[] {1, 2}, 2)), Construction.V, new double[0]);
    assertThat(r[0]).isEmpty();
  }
}

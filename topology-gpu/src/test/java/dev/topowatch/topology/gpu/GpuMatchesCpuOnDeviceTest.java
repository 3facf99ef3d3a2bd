package dev.topowatch.topology.gpu;

import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The real kernels on a real device against the cpu back end: the {@link GpuMatchesCpuProperties}
 * suite on batches of up to 120 random volumes (over 10,000 volumes in all), the benchmark's volumes
 * in one large batch, and a 128³ volume. Skipped, with the reason, where there is no usable device
 * (as in CI); bench/gpu.sh runs it on a GPU machine through {@link DeviceTests}.
 */
@AddLifecycleHook(RequiresDevice.class)
class GpuMatchesCpuOnDeviceTest extends GpuMatchesCpuProperties {
  private static final Map<String, GpuBettiEngine> ENGINES = new HashMap<>();

  @AfterContainer
  static void closeAll() {
    ENGINES.values().forEach(GpuBettiEngine::close);
    ENGINES.clear();
    System.out.println("GpuMatchesCpuOnDeviceTest: " + VOLUMES.get() + " volumes compared with cpu");
  }

  @Override
  GpuBettiEngine engine(GpuSettings.Transfer transfer, int maxSharedVoxels) {
    return open(transfer, maxSharedVoxels);
  }

  private static synchronized GpuBettiEngine open(GpuSettings.Transfer transfer, int maxSharedVoxels) {
    return ENGINES.computeIfAbsent(transfer + "/" + maxSharedVoxels, k -> GpuBettiEngine.open(
        GpuSettings.fromEnvironment().withTransfer(transfer).withMaxSharedVoxels(maxSharedVoxels)));
  }

  @Override
  @Provide
  Arbitrary<RandomBatches.Batch> batches() {
    return RandomBatches.batches(120, 1, 64, 9);
  }

  @Override
  @Provide
  Arbitrary<RandomBatches.Batch> manyLevels() {
    return RandomBatches.batches(60, 260, 1000, 6);
  }

  /** The benchmark's workload in one call: many chunks through all the streams. */
  @Example
  void aThousandActivationVolumesMatchCpu() {
    List<Volume> volumes = ActivationVolumes.batch(1000, 11);
    List<double[]> t = List.of(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75});
    for (Construction c : Construction.values()) {
      for (GpuSettings.Transfer transfer : GpuSettings.Transfer.values()) {
        check(engine(transfer, 0), new RandomBatches.Batch(volumes, c, t, false));
      }
    }
  }

  @Example
  void a128CubedVolumeMatchesCpu() {
    List<Volume> volumes = List.of(ActivationVolumes.one(12, 128, 128, 128));
    List<double[]> t = List.of(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75});
    for (Construction c : Construction.values()) {
      check(engine(GpuSettings.Transfer.FLOATS, 0), new RandomBatches.Batch(volumes, c, t, false));
    }
  }
}

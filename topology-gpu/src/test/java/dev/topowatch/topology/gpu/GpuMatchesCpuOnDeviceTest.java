package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The real kernels on a real device against the cpu back end: over 10,000 random volumes (the same
 * generators as the emulated test), the benchmark's volumes in one large batch, and a 128³ volume.
 * Skipped, with the reason, where there is no usable device (as in CI); bench/gpu.sh runs it on a GPU
 * machine through {@link DeviceTests}.
 */
@AddLifecycleHook(RequiresDevice.class)
class GpuMatchesCpuOnDeviceTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final BettiEngine CPU = new CpuBettiEngine();
  private static final Map<String, GpuBettiEngine> ENGINES = new HashMap<>();
  private static final AtomicLong VOLUMES = new AtomicLong();

  @AfterContainer
  static void closeAll() {
    ENGINES.values().forEach(GpuBettiEngine::close);
    ENGINES.clear();
    System.out.println("GpuMatchesCpuOnDeviceTest: " + VOLUMES.get() + " volumes compared with cpu");
  }

  static synchronized GpuBettiEngine engine(GpuSettings.Transfer transfer, int maxSharedVoxels) {
    return ENGINES.computeIfAbsent(transfer + "/" + maxSharedVoxels, k -> GpuBettiEngine.open(
        GpuSettings.fromEnvironment().withTransfer(transfer).withMaxSharedVoxels(maxSharedVoxels)));
  }

  @Provide
  Arbitrary<RandomBatches.Batch> batches() {
    return RandomBatches.batches(8, 1, 64, 9);
  }

  @Provide
  Arbitrary<RandomBatches.Batch> manyLevels() {
    return RandomBatches.batches(4, 260, 1000, 6);
  }

  @Property(tries = 2500, seed = "20261210")
  void floatsMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.FLOATS, 0), batch);
  }

  @Property(tries = 1000, seed = "20261211")
  void levelCodesMatchCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.CODES, 0), batch);
  }

  @Property(tries = 500, seed = "20261212")
  void globalMemoryPathMatchesCpu(@ForAll("batches") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.FLOATS, 1), batch);
  }

  @Property(tries = 100, seed = "20261213")
  void manyLevelsMatchCpu(@ForAll("manyLevels") RandomBatches.Batch batch) {
    check(engine(GpuSettings.Transfer.CODES, 0), batch);
    check(engine(GpuSettings.Transfer.FLOATS, 0), batch);
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

  private static void check(GpuBettiEngine gpu, RandomBatches.Batch b) {
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

package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.topology.Thresholds;
import dev.topowatch.topology.Volume;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a call's volumes are split, laid out, packed and read back: no device needed. */
@Timeout(60)
class BatchPlanTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(2);
  private static final GpuSettings SETTINGS = GpuSettings.from(Map.of());

  @AfterAll
  static void close() {
    POOL.shutdown();
  }

  private static List<Job> jobs(Thresholds t, Volume... volumes) {
    List<Job> jobs = new ArrayList<>();
    float[] tf = LevelCodes.roundDown(t.sorted());
    for (int i = 0; i < volumes.length; i++) {
      jobs.add(new Job(i, volumes[i], t, tf));
    }
    return jobs;
  }

  @Test
  void mixedShapesShareOneLaunchWithAlignedInputsAndOneThresholdCopy() {
    Thresholds t = Thresholds.of(new double[] {1, 0, 1});
    List<Job> jobs = jobs(t, Volume.of(new float[] {0, 1, 2}, 3), Volume.of(new float[6], 2, 3),
        Volume.of(new float[8], 2, 2, 2));
    BatchPlan plan = BatchPlan.of(jobs, SETTINGS, 48 * 1024);
    assertThat(plan.large).isEmpty();
    assertThat(plan.chunks).hasSize(1);
    SmallChunk c = plan.chunks.get(0);
    assertThat(c.variant.kernel()).isEqualTo("betti_small_f32_u8_p16");
    assertThat(c.thresholdFloats).isEqualTo(2);
    // in, n0, n1, n2, levels, thresholds, out, counters
    assertThat(c.desc).containsExactly(
        0, 1, 1, 3, 2, 0, 0, -1,
        4, 1, 2, 3, 2, 0, 6, -1,
        12, 2, 2, 2, 2, 0, 12, -1);
    assertThat(c.inputBytes).isEqualTo(16 + 32 + 32);
    assertThat(c.outLongs).isEqualTo(18);
  }

  @Test
  void perVolumeThresholdsAreStoredPerVolumeAndCodesNarrowAsTheyCan() {
    List<Job> jobs = new ArrayList<>();
    double[] many = new double[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    for (double[] t : List.of(new double[] {0.5}, new double[] {0.25, 0.75}, many)) {
      Thresholds th = Thresholds.of(t);
      jobs.add(new Job(jobs.size(), Volume.of(new float[] {0, 1}, 2), th, LevelCodes.roundDown(th.sorted())));
    }
    BatchPlan plan = BatchPlan.of(jobs, SETTINGS.withTransfer(GpuSettings.Transfer.CODES), 48 * 1024);
    assertThat(plan.chunks).extracting(c -> c.variant.kernel())
        .containsExactly("betti_small_u8_u8_p16", "betti_small_u16_u16_p16");
    SmallChunk narrow = plan.chunks.get(0);
    assertThat(narrow.thresholdFloats).isEqualTo(3);
    assertThat(narrow.desc[5]).isZero();
    assertThat(narrow.desc[8 + 5]).isEqualTo(1);
    SmallChunk wide = plan.chunks.get(1);
    assertThat(wide.desc[7]).as("counters of 300 levels live in device memory").isZero();
    assertThat(wide.counterInts).isEqualTo(900);
  }

  @Test
  void volumesBeyondSharedMemoryOrTheVoxelLimitTakeTheGlobalPath() {
    Thresholds t = Thresholds.of(new double[] {0});
    Volume small = Volume.of(new float[100], 100);
    Volume medium = Volume.of(new float[60_000], 60, 1000);
    Volume big = Volume.of(new float[65_536], 65_536);
    BatchPlan plan = BatchPlan.of(jobs(t, small, medium, big), SETTINGS, 48 * 1024);
    assertThat(plan.large).extracting(Job::index).containsExactly(1, 2);
    plan = BatchPlan.of(jobs(t, small, medium, big), SETTINGS, 227 * 1024);
    assertThat(plan.large).extracting(Job::index).as("more voxels than u16 parents address").containsExactly(2);
    assertThat(plan.chunks).hasSize(1);
    assertThat(plan.chunks.get(0).jobs).extracting(Job::index).containsExactly(0, 1);
    plan = BatchPlan.of(jobs(t, small, medium, big), SETTINGS.withMaxSharedVoxels(50), 227 * 1024);
    assertThat(plan.large).hasSize(3);
  }

  @Test
  void launchesHoldAtMostAChunkOfInput() {
    Thresholds t = Thresholds.of(new double[] {0});
    Volume v = Volume.of(new float[10_000], 10_000); // 40,000 bytes
    BatchPlan plan = BatchPlan.of(jobs(t, v, v, v, v, v), SETTINGS.withChunking(2, 1 << 16), 227 * 1024);
    assertThat(plan.chunks).extracting(c -> c.jobs.size()).containsExactly(1, 1, 1, 1, 1);
    plan = BatchPlan.of(jobs(t, v, v, v, v, v), SETTINGS.withChunking(2, 100_000), 227 * 1024);
    assertThat(plan.chunks).extracting(c -> c.jobs.size()).containsExactly(2, 2, 1);
  }

  @Test
  void packingWritesFloatsOrCodesAndRowsComeBackInTheCallersOrder() {
    Thresholds t = Thresholds.of(new double[] {2, 0, 1, 0});
    Volume v = Volume.of(new float[] {0, 3, Float.NaN, 1.5f}, 2, 2);
    BatchPacker packer = new BatchPacker(POOL);
    try (Arena a = Arena.ofShared()) {
      for (GpuSettings.Transfer transfer : GpuSettings.Transfer.values()) {
        SmallChunk c = BatchPlan.of(jobs(t, v, v), SETTINGS.withTransfer(transfer), 48 * 1024).chunks.get(0);
        BatchPacker.HostBuffers b = new BatchPacker.HostBuffers(a.allocate(4L * c.desc.length),
            a.allocate(4L * c.thresholdFloats), a.allocate(c.inputBytes));
        packer.pack(c, b);
        assertThat(b.desc().toArray(JAVA_INT)).containsExactly(c.desc);
        assertThat(b.thresholds().toArray(JAVA_FLOAT)).containsExactly(0f, 1f, 2f);
        long second = (long) c.desc[8] * c.variant.input().bytes;
        if (transfer == GpuSettings.Transfer.FLOATS) {
          assertThat(b.input().asSlice(second, 16).toArray(JAVA_FLOAT)).containsExactly(0f, 3f, Float.NaN, 1.5f);
        } else {
          assertThat(b.input().asSlice(second, 4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
              .containsExactly(0, 3, 3, 2);
        }
      }
      MemorySegment out = a.allocate(8L * 9);
      for (int i = 0; i < 9; i++) {
        out.setAtIndex(JAVA_LONG, i, 10L * (i / 3) + i % 3); // level l: b0 = 10l, b1 = 10l + 1
      }
      long[][] rows = BatchPacker.rows(jobs(t, v).get(0), out, 0);
      assertThat(rows).isDeepEqualTo(new long[][] {{20, 21}, {0, 1}, {10, 11}, {0, 1}});
    }
  }

  @Test
  void sharedMemoryIsCountedAsTheKernelLaysItOut() {
    Thresholds t = Thresholds.of(new double[] {0, 1, 2});
    Job j = jobs(t, Volume.of(new float[25_088], 32, 28, 28)).get(0);
    SmallChunk.Variant f32 = new SmallChunk.Variant(SmallChunk.Input.F32, 1, 2);
    // counters 3*3*4 -> 48, thresholds 12 -> 16, parents 25,089*2 -> 50,192, codes 25,088
    assertThat(SmallChunk.sharedBytes(j, f32)).isEqualTo(48 + 16 + 50_192 + 25_088);
    SmallChunk.Variant u8 = new SmallChunk.Variant(SmallChunk.Input.U8, 1, 2);
    assertThat(SmallChunk.sharedBytes(j, u8)).isEqualTo(48 + 50_192 + 25_088);
  }
}

package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.EngineBrokenException;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.gpu.EmulatedCuda.FaultMode;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device failing, injected into the emulated driver: a stream that cannot be created, a launch
 * refused, a kernel that faults in the middle of a batch (a sticky error), a device lost. Opening
 * and closing release everything once, whatever fails, and report the first error; a failure
 * during a call breaks the engine, loudly and for good, and running out of memory does not.
 */
@Timeout(120)
class GpuFaultsTest {
  private static final double[] T = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};
  @TempDir Path cache;
  private GpuSettings settings;
  // Earlier tests' poisoned devices leaked what they could not free (as a real one would): compare with these.
  private long streamsBefore;
  private long contextsBefore;
  private long deviceBytesBefore;
  private long hostBytesBefore;

  @BeforeEach
  void healthy() {
    EmulatedCuda.requireGpp();
    // Two slots, one volume per launch: a batch of six volumes makes six launches over both streams.
    settings = EmulatedCuda.settings(cache).withChunking(2, 1 << 16);
    streamsBefore = EmulatedCuda.get("streams");
    contextsBefore = EmulatedCuda.get("context_refs");
    deviceBytesBefore = EmulatedCuda.get("device_bytes");
    hostBytesBefore = EmulatedCuda.get("host_bytes");
  }

  @AfterEach
  void healthyAgain() {
    EmulatedCuda.reset();
  }

  private GpuSettings settings() {
    return settings;
  }

  private static List<Volume> volumes() {
    return ActivationVolumes.batch(6, 19);
  }

  @Test
  void aStreamThatCannotBeCreatedFailsTheOpenAndReleasesEverythingOnce() {
    EmulatedCuda.fault("cuStreamCreate", 2, EmulatedCuda.CUDA_ERROR_OUT_OF_MEMORY, FaultMode.ONCE);
    assertThatThrownBy(() -> GpuBettiEngine.open(settings()))
        .isInstanceOf(CudaException.class)
        .hasMessage("cuStreamCreate failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)")
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    assertThat(EmulatedCuda.calls("cuModuleUnload")).as("module unloads").isEqualTo(1);
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).as("context releases").isEqualTo(1);
    assertThat(EmulatedCuda.get("streams")).as("streams alive").isEqualTo(streamsBefore);
    assertThat(EmulatedCuda.get("context_refs")).as("context references").isEqualTo(contextsBefore);
    assertNoMemoryLeft();
  }

  @Test
  void aFailureWhileClosingStillReleasesTheRestAndTheFirstErrorIsReported() {
    GpuBettiEngine gpu = GpuBettiEngine.open(settings());
    gpu.betti(volumes(), Construction.V, T); // both slots hold device and pinned buffers now
    EmulatedCuda.fault("cuStreamDestroy_v2", 1, EmulatedCuda.CUDA_ERROR_INVALID_VALUE, FaultMode.ONCE);
    EmulatedCuda.fault("cuModuleUnload", 1, EmulatedCuda.CUDA_ERROR_INVALID_VALUE, FaultMode.ONCE);
    assertThatThrownBy(gpu::close)
        .hasMessageStartingWith("cuStreamDestroy_v2 failed: CUDA_ERROR_INVALID_VALUE")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
            .startsWith("cuModuleUnload failed: CUDA_ERROR_INVALID_VALUE"));
    assertNoMemoryLeft();
    assertThat(EmulatedCuda.get("streams")).as("streams alive: only the one whose destruction failed")
        .isEqualTo(streamsBefore + 1);
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).isEqualTo(1);
    assertThat(EmulatedCuda.get("context_refs")).isEqualTo(contextsBefore);
    gpu.close(); // a second close does nothing
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).isEqualTo(1);
    assertThat(EmulatedCuda.calls("cuModuleUnload")).isEqualTo(1);
  }

  @Test
  void aRefusedLaunchBreaksTheEngineAndLaterCallsFailAtOnce() {
    try (GpuBettiEngine gpu = GpuBettiEngine.open(settings())) {
      EmulatedCuda.fault("cuLaunchKernel", 3, EmulatedCuda.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, FaultMode.ONCE);
      assertThatThrownBy(() -> gpu.betti(volumes(), Construction.V, T))
          .isInstanceOfSatisfying(EngineBrokenException.class, e -> {
            assertThat(e.kind()).isEqualTo("launch");
            assertThat(e.backend()).isEqualTo("gpu");
          })
          .hasMessageStartingWith("the gpu engine failed (launch): cuLaunchKernel(betti_small_f32_")
          .hasMessageContaining("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES")
          .hasCauseInstanceOf(CudaException.class);
      assertThat(gpu.broken()).isTrue();
      long launches = EmulatedCuda.calls("cuLaunchKernel");
      assertThatThrownBy(() -> gpu.betti(volumes().subList(0, 1), Construction.V, T))
          .isInstanceOfSatisfying(EngineBrokenException.class, e -> assertThat(e.kind()).isEqualTo("launch"))
          .hasMessageStartingWith("the gpu engine is broken since an earlier failure: the gpu engine failed (launch)");
      assertThat(EmulatedCuda.calls("cuLaunchKernel")).as("launches after the engine broke").isEqualTo(launches);
    }
    assertNoMemoryLeft(); // the device itself is fine: closing frees everything
    assertThat(EmulatedCuda.get("streams")).isEqualTo(streamsBefore);
  }

  @Test
  void aStickyErrorInTheMiddleOfABatchBreaksTheEngineAndClosingStillTriesEverything() {
    GpuBettiEngine gpu = GpuBettiEngine.open(settings());
    try (CpuBettiEngine cpu = new CpuBettiEngine(1)) {
      List<Volume> v = volumes();
      assertThat(gpu.betti(v.subList(0, 2), Construction.T, T)).isDeepEqualTo(cpu.betti(v.subList(0, 2), Construction.T, T));
      EmulatedCuda.fault("cuLaunchKernel", 4, EmulatedCuda.CUDA_ERROR_ILLEGAL_ADDRESS, FaultMode.STICKY);
      assertThatThrownBy(() -> gpu.betti(v, Construction.T, T))
          .isInstanceOfSatisfying(EngineBrokenException.class, e -> assertThat(e.kind()).isEqualTo("sticky"))
          .hasMessageContaining("CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered)");
      assertThat(gpu.broken()).isTrue();
      assertThatThrownBy(() -> gpu.betti(v, Construction.T, T)).isInstanceOf(EngineBrokenException.class);
    }
    long releases = EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2");
    assertThatThrownBy(gpu::close) // every step fails on a poisoned context, and every step is tried
        .hasMessageStartingWith("cuCtxSetCurrent failed: CUDA_ERROR_ILLEGAL_ADDRESS")
        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).isEqualTo(releases + 1);
    assertThat(EmulatedCuda.calls("cuModuleUnload")).isEqualTo(1);
    gpu.close();
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).as("no second release").isEqualTo(releases + 1);
  }

  @Test
  void aStickyErrorOnTheGlobalPathReportsTheKernelsErrorNotTheFreesAfterIt() {
    try (GpuBettiEngine gpu = GpuBettiEngine.open(settings().withMaxSharedVoxels(1))) {
      EmulatedCuda.fault("cuLaunchKernel", 2, EmulatedCuda.CUDA_ERROR_ILLEGAL_ADDRESS, FaultMode.STICKY);
      assertThatThrownBy(() -> gpu.betti(List.of(ActivationVolumes.one(3, 4, 5, 6)), Construction.V, T))
          .isInstanceOfSatisfying(EngineBrokenException.class, e -> assertThat(e.kind()).isEqualTo("sticky"))
          .hasMessageContaining(" failed: CUDA_ERROR_ILLEGAL_ADDRESS") // whichever call sees the fault first
          .satisfies(e -> assertThat(e.getCause().getSuppressed()).as("the frees that failed after it").isNotEmpty());
    } catch (RuntimeException closing) {
      assertThat(closing).hasMessageStartingWith("cuCtxSetCurrent failed: CUDA_ERROR_ILLEGAL_ADDRESS");
    }
  }

  @Test
  void aLostDeviceBreaksTheEngine() {
    GpuBettiEngine gpu = GpuBettiEngine.open(settings());
    EmulatedCuda.fault("cuLaunchKernel", 3, EmulatedCuda.CUDA_ERROR_UNKNOWN, FaultMode.LOST);
    assertThatThrownBy(() -> gpu.betti(volumes(), Construction.V, T))
        .isInstanceOfSatisfying(EngineBrokenException.class, e -> assertThat(e.kind()).isEqualTo("device_lost"))
        .hasMessageContaining("CUDA_ERROR_UNKNOWN");
    assertThatThrownBy(gpu::close).hasMessageStartingWith("cuCtxSetCurrent failed: CUDA_ERROR_UNKNOWN");
    assertThat(EmulatedCuda.calls("cuDevicePrimaryCtxRelease_v2")).isEqualTo(1);
  }

  @Test
  void runningOutOfDeviceMemoryDoesNotBreakTheEngine() {
    try (GpuBettiEngine gpu = GpuBettiEngine.open(settings())) {
      EmulatedCuda.set("memory_limit", 1 << 16);
      assertThatThrownBy(() -> gpu.betti(volumes(), Construction.V, T))
          .isNotInstanceOf(EngineBrokenException.class)
          .hasMessageStartingWith("the GPU is out of memory");
      assertThat(gpu.broken()).isFalse();
      EmulatedCuda.set("memory_limit", 1L << 31);
      assertThat(gpu.betti(volumes().subList(0, 1), Construction.V, T)).hasNumberOfRows(1);
    }
    assertNoMemoryLeft();
  }

  private void assertNoMemoryLeft() {
    assertThat(EmulatedCuda.get("device_bytes")).as("device memory left").isEqualTo(deviceBytesBefore);
    assertThat(EmulatedCuda.get("host_bytes")).as("pinned memory left").isEqualTo(hostBytesBefore);
  }
}

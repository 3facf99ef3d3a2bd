package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.topology.BettiEngines;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the back end says when a piece is missing or fails, through its real FFM bindings: against
 * absent libraries, and against the emulated driver and NVRTC told to report no device, an old
 * driver, a compile error or too little memory.
 */
@Timeout(120)
class GpuErrorPathsTest {
  private static final Map<String, String> NO_ENV = Map.of();
  @TempDir Path cache;

  @BeforeEach
  void needsGpp() {
    EmulatedCuda.requireGpp();
  }

  @AfterEach
  void healthyAgain() {
    EmulatedCuda.reset();
  }

  private GpuSettings emulated() {
    return EmulatedCuda.settings(cache);
  }

  @Test
  void missingDriverAndNvrtcAreEachOneLine() {
    GpuSettings s = emulated().withLibcuda("/nonexistent/libcuda.so.1").withNvrtc(Path.of("/nonexistent/libnvrtc.so.13"));
    GpuProbe.Result r = GpuProbe.probe(s, NO_ENV);
    assertThat(r.usable()).isFalse();
    assertThat(r.missing()).containsExactly(
        "no NVIDIA driver: /nonexistent/libcuda.so.1 not found (install the NVIDIA driver, or name the library with TOPOWATCH_GPU_LIBCUDA)",
        "no NVRTC: /nonexistent/libnvrtc.so.13 not found (install the CUDA toolkit or `pip install nvidia-cuda-nvrtc`, "
            + "or name the library with TOPOWATCH_GPU_NVRTC)");
    assertThatThrownBy(() -> GpuBettiEngine.open(s, KernelSource.betti(), NO_ENV))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no NVIDIA driver:");
  }

  @Test
  void aHealthyDeviceIsDescribed() {
    GpuProbe.Result r = GpuProbe.probe(emulated(), NO_ENV);
    assertThat(r.missing()).isEmpty();
    assertThat(r.summary()).startsWith("Emulated CUDA device (topowatch tests) (sm_90, 2048 MiB, 4 multiprocessors), driver CUDA 13.0, NVRTC 13.0");
  }

  @Test
  void noDeviceOldDriverAndOldDevicesAreNamed() {
    GpuSettings s = emulated();
    EmulatedCuda.set("init_result", 100);
    assertThat(GpuProbe.probe(s, NO_ENV).missing()).containsExactly("no CUDA device: cuInit reports CUDA_ERROR_NO_DEVICE");
    EmulatedCuda.reset();
    EmulatedCuda.set("devices", 0);
    assertThat(GpuProbe.probe(s, NO_ENV).missing()).containsExactly("no CUDA device: the driver sees none");
    EmulatedCuda.reset();
    EmulatedCuda.set("driver_version", 11080);
    assertThat(GpuProbe.probe(s, NO_ENV).missing()).containsExactly(
        "driver too old: it supports CUDA 11.8, the gpu back end needs CUDA 12.0 or newer (NVIDIA driver 525 or later)");
    EmulatedCuda.reset();
    EmulatedCuda.set("cc_major", 6);
    EmulatedCuda.set("cc_minor", 1);
    assertThat(GpuProbe.probe(s, NO_ENV).missing()).containsExactly(
        "Emulated CUDA device (topowatch tests) has compute capability 6.1; the gpu back end needs 7.0 or newer");
  }

  @Test
  void nvrtcNewerThanTheDriverIsRefused() {
    GpuSettings s = emulated();
    EmulatedCuda.set("driver_version", 12040);
    assertThat(GpuProbe.probe(s, NO_ENV).missing()).singleElement().asString()
        .startsWith("NVRTC 13.0 (").endsWith(") makes code for CUDA 13 but the driver supports CUDA 12.4: install NVRTC 12 or a newer NVIDIA driver");
  }

  @Test
  void aCompileErrorCarriesTheCompilersLog() {
    KernelSource broken = new KernelSource("broken.cu", KernelSource.betti().text() + "\n__device__ int broken() { return undefined_thing; }\n");
    assertThatThrownBy(() -> GpuBettiEngine.open(emulated(), broken, NO_ENV))
        .isInstanceOf(NvrtcException.class)
        .hasMessageContaining("could not compile broken.cu: NVRTC_ERROR_COMPILATION")
        .hasMessageContaining("broken.cu:")
        .hasMessageContaining("undefined_thing");
  }

  @Test
  void runningOutOfDeviceMemoryIsAClearErrorAndTheEngineRecovers() {
    GpuSettings s = emulated();
    long deviceBefore = EmulatedCuda.get("device_bytes"); // other tests' lost devices leaked theirs
    long hostBefore = EmulatedCuda.get("host_bytes");
    try (GpuBettiEngine gpu = GpuBettiEngine.open(s)) {
      EmulatedCuda.set("memory_limit", deviceBefore + (1 << 20));
      var volumes = ActivationVolumes.batch(30, 1);
      double[] t = {0.5, 1};
      assertThatThrownBy(() -> gpu.betti(volumes, Construction.V, t))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the GPU is out of memory: a batch's volumes needs ")
          .hasMessageContaining("free of " + OutOfDeviceMemory.mib(deviceBefore + (1 << 20)) + ")");
      EmulatedCuda.set("memory_limit", 1L << 31);
      assertThat(gpu.betti(volumes.subList(0, 2), Construction.V, t)).hasNumberOfRows(2);
    }
    assertThat(EmulatedCuda.get("device_bytes")).as("device memory left after close").isEqualTo(deviceBefore);
    assertThat(EmulatedCuda.get("host_bytes")).as("pinned memory left after close").isEqualTo(hostBefore);
  }

  @Test
  void theSecondStartReadsTheKernelsFromTheCache() throws Exception {
    GpuReport first;
    try (GpuBettiEngine gpu = GpuBettiEngine.open(emulated())) {
      first = gpu.report();
    }
    assertThat(first.cacheHit()).isFalse();
    assertThat(first.target()).isEqualTo("sm_90");
    Path file = Path.of(first.cacheFile().orElseThrow());
    assertThat(file.getParent()).isEqualTo(cache);
    assertThat(file.getFileName().toString()).startsWith("betti-sm_90-").endsWith(".cubin");
    assertThat(Files.readString(file)).startsWith("TOPOWATCH-EMU-CUBIN sm_90");
    try (GpuBettiEngine gpu = GpuBettiEngine.open(emulated())) {
      assertThat(gpu.report().cacheHit()).isTrue();
      assertThat(gpu.report().cacheFile()).isEqualTo(first.cacheFile());
    }
  }

  @Test
  void anUnknownArchitectureGetsPtxForTheNewestKnownOne() {
    GpuSettings s = emulated().withCacheDir(null);
    EmulatedCuda.set("cc_major", 12);
    EmulatedCuda.set("cc_minor", 1);
    try (GpuBettiEngine gpu = GpuBettiEngine.open(s)) {
      assertThat(gpu.report().target()).isEqualTo("compute_100");
      assertThat(gpu.report().cacheNote()).contains("no cache folder");
    }
  }

  @Test
  void autoFallsBackToCpuAndSaysWhyWhileGpuAskedForFails() {
    String key = "topowatch.gpu.libcuda";
    String before = System.getProperty(key);
    System.setProperty(key, "/nonexistent/libcuda.so.1");
    try {
      BettiEngines.Choice choice = BettiEngines.open("auto");
      try (var engine = choice.engine()) {
        assertThat(engine.name()).isEqualTo("cpu");
      }
      assertThat(choice.reason()).startsWith("auto picked cpu (")
          .contains("; passed over gpu: no NVIDIA driver: /nonexistent/libcuda.so.1 not found");
      assertThatThrownBy(() -> BettiEngines.open("gpu"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("gpu back end unavailable: no NVIDIA driver: /nonexistent/libcuda.so.1 not found");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }
}

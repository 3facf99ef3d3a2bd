package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel source: compiled against the layout LaunchArgs.java and KernelLayout.java write, and nvcc compiles it for sm_90. */
class KernelSourceTest {
  @Test
  @Timeout(10)
  void theSourceIsCompiledAgainstTheJavaLayout() {
    String text = KernelSource.betti().text();
    assertThat(text).startsWith(KernelLayout.defines());
    assertThat(KernelLayout.defines()).contains(
        "#define TW_DESC_INTS " + SmallChunk.DESC_INTS + "\n",
        "#define TW_D_OUT 6\n",
        "#define TW_SMEM_LEVELS " + SmallChunk.SHARED_LEVELS + "\n",
        "static_assert(sizeof(T) == 80,",
        "static_assert(__builtin_offsetof(T, count) == 64 && sizeof(((T*)0)->count) == 4,");
    assertThat(LaunchArgs.LAYOUT.memberLayouts()).hasSize(12);
    assertThat(text).contains("TW_CHECK_LAUNCH_ARGS(LaunchArgs);", "D_OUT = TW_D_OUT,", "#define SMEM_LEVELS TW_SMEM_LEVELS");
    for (String kernel : GpuRuntime.SMALL_KERNELS) {
      assertThat(text).contains("SMALL_KERNEL(" + kernel + ",");
    }
    for (String kernel : GpuRuntime.GLOBAL_KERNELS) {
      assertThat(text).contains("void " + kernel + "(const LaunchArgs args)");
    }
  }

  /**
   * The generated assertions bite: a layout that disagrees with the struct, or the source without
   * the layout, does not compile (g++ through the emulated NVRTC, which checks the source for real).
   */
  @Test
  @Timeout(300)
  void aLayoutThatDisagreesWithTheStructDoesNotCompile(@TempDir Path cache) {
    EmulatedCuda.requireGpp();
    String text = KernelSource.betti().text();
    String wrongOffset = text.replace("__builtin_offsetof(T, count) == 64", "__builtin_offsetof(T, count) == 68");
    assertThat(wrongOffset).isNotEqualTo(text);
    try {
      assertThatThrownBy(() -> GpuBettiEngine.open(EmulatedCuda.settings(cache), new KernelSource("betti.cu", wrongOffset), Map.of()))
          .isInstanceOf(NvrtcException.class).hasMessageContaining("LaunchArgs.java writes count at 64");
      String bare = text.substring(KernelLayout.defines().length());
      assertThatThrownBy(() -> GpuBettiEngine.open(EmulatedCuda.settings(cache), new KernelSource("betti.cu", bare), Map.of()))
          .isInstanceOf(NvrtcException.class).hasMessageContaining("the layout defines from KernelLayout.java come first");
    } finally {
      EmulatedCuda.reset();
    }
  }

  @Test
  void hashesDifferWithTheCompilerAndTheSource() {
    KernelSource a = KernelSource.betti();
    assertThat(a.hash("13.0")).isNotEqualTo(a.hash("12.8"));
    assertThat(new KernelSource("betti.cu", a.text() + " ").hash("13.0")).isNotEqualTo(a.hash("13.0"));
  }

  @Test
  @Timeout(600)
  void nvccCompilesTheKernelsForHopper() throws Exception {
    Path nvcc = nvcc();
    assumeTrue(nvcc != null, "nvcc not found: the CUDA toolkit is not installed here");
    Path dir = Files.createTempDirectory("topowatch-nvcc");
    Path source = dir.resolve("betti.cu");
    Files.writeString(source, KernelSource.betti().text());
    Process p = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=sm_90", "-std=c++17", source.toString(), "-o",
        dir.resolve("betti.cubin").toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(540, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("nvcc:%n%s", log).isZero();
    String cubin = new String(Files.readAllBytes(dir.resolve("betti.cubin")), StandardCharsets.ISO_8859_1);
    assertThat(cubin).contains(GpuRuntime.SMALL_KERNELS).contains(GpuRuntime.GLOBAL_KERNELS);
  }

  private static Path nvcc() throws IOException {
    for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "nvcc");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path p = Path.of("/usr/local/cuda/bin/nvcc");
    return Files.isExecutable(p) ? p : null;
  }
}

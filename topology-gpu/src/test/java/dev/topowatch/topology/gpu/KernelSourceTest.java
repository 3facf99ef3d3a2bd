package dev.topowatch.topology.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel source: its launch parameter matches LaunchArgs.java, and nvcc compiles it for sm_90. */
class KernelSourceTest {
  @Test
  @Timeout(10)
  void launchArgsLayoutIsTheOneTheSourceAsserts() {
    String text = KernelSource.betti().text();
    assertThat(LaunchArgs.LAYOUT.byteSize()).isEqualTo(80);
    assertThat(LaunchArgs.LAYOUT.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("count"))).isEqualTo(64);
    assertThat(text).contains("sizeof(LaunchArgs) == 80", "__builtin_offsetof(LaunchArgs, count) == 64");
    for (String kernel : GpuRuntime.SMALL_KERNELS) {
      assertThat(text).contains("SMALL_KERNEL(" + kernel + ",");
    }
    for (String kernel : GpuRuntime.GLOBAL_KERNELS) {
      assertThat(text).contains("void " + kernel + "(const LaunchArgs args)");
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

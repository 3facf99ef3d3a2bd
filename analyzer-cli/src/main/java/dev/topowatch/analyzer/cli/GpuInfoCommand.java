package dev.topowatch.analyzer.cli;

import dev.topowatch.topology.gpu.DeviceInfo;
import dev.topowatch.topology.gpu.GpuBettiEngine;
import dev.topowatch.topology.gpu.GpuProbe;
import dev.topowatch.topology.gpu.GpuReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-info}: what the gpu back end finds (driver, device, NVRTC) and, when it can run, how
 * long its kernels took to compile or to load from the cache; or one line per missing piece. Exit
 * code 0 when the gpu back end can run, 1 when it cannot.
 */
@Command(
    name = "gpu-info",
    mixinStandardHelpOptions = true,
    description = {
        "Prints as JSON what the gpu back end finds: the NVIDIA driver, the device, NVRTC, and the time",
        "to compile its kernels (or to read them from the cache); or what is missing.",
        "Exit code 0 when the gpu back end can run, 1 when it cannot."})
public final class GpuInfoCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--no-compile", description = "Only probe: do not compile or load the kernels.")
  boolean noCompile;

  @Override
  public Integer call() {
    Map<String, Object> json = new LinkedHashMap<>();
    GpuProbe.Result probe = GpuProbe.probe();
    json.put("usable", probe.usable());
    json.put("missing", probe.missing());
    json.put("libcuda", probe.libcuda().orElse(null));
    json.put("driver_cuda", probe.device().map(DeviceInfo::driverCuda).orElse(null));
    json.put("device", probe.device().map(GpuInfoCommand::device).orElse(null));
    json.put("nvrtc", probe.nvrtc().orElse(null));
    json.put("nvrtc_version", probe.nvrtcVersion().orElse(null));
    boolean ok = probe.usable();
    if (ok && !noCompile) {
      long start = System.nanoTime();
      try (GpuBettiEngine engine = GpuBettiEngine.open()) {
        GpuReport r = engine.report();
        Map<String, Object> kernels = new LinkedHashMap<>();
        kernels.put("target", r.target());
        kernels.put("cache", r.cacheHit() ? "hit" : "miss");
        kernels.put("millis", r.kernelMillis());
        kernels.put("file", r.cacheFile().orElse(null));
        kernels.put("cache_note", r.cacheNote().orElse(null));
        kernels.put("open_millis", (System.nanoTime() - start) / 1_000_000);
        json.put("kernels", kernels);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("transfer", r.settings().transfer().name().toLowerCase(java.util.Locale.ROOT));
        settings.put("streams", r.settings().streams());
        settings.put("block_threads", r.settings().blockThreads());
        settings.put("chunk_bytes", r.settings().chunkBytes());
        json.put("settings", settings);
      } catch (RuntimeException e) {
        ok = false;
        json.put("usable", false);
        json.put("error", e.getMessage());
      }
    }
    CliJson.print(spec.commandLine().getOut(), json);
    return ok ? 0 : 1;
  }

  private static Map<String, Object> device(DeviceInfo d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("compute_capability", d.computeMajor() + "." + d.computeMinor());
    m.put("memory_mib", d.totalMemory() / (1L << 20));
    m.put("multiprocessors", d.multiprocessors());
    m.put("shared_memory_per_block", d.sharedMemoryPerBlock());
    return m;
  }
}

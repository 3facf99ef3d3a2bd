package dev.topowatch.topology.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gpu back end finds (driver, device, NVRTC) and, when asked to open it, how long its
 * kernels took to compile or to load from the cache: the report behind {@code gpu-info}, which
 * reaches it through {@link GpuBettiEngineProvider#report} (the command line has no compile
 * dependency on this module).
 */
final class GpuInfo {
  private GpuInfo() {}

  static Map<String, Object> report(boolean open) {
    Map<String, Object> json = new LinkedHashMap<>();
    GpuProbe.Result probe = GpuProbe.probe();
    json.put("usable", probe.usable());
    json.put("missing", probe.missing());
    json.put("libcuda", probe.libcuda().orElse(null));
    json.put("driver_cuda", probe.device().map(DeviceInfo::driverCuda).orElse(null));
    json.put("device", probe.device().map(GpuInfo::device).orElse(null));
    json.put("nvrtc", probe.nvrtc().orElse(null));
    json.put("nvrtc_version", probe.nvrtcVersion().orElse(null));
    boolean ok = probe.usable();
    if (ok && open) {
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
    json.put("usable", ok);
    return json;
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

package dev.topowatch.topology.gpu;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An opened device: the driver, the device's primary context, and the kernels compiled for it (or
 * read from the cache) and loaded as one module.
 */
final class GpuRuntime implements AutoCloseable {
  static final List<String> SMALL_KERNELS = List.of(
      "betti_small_f32_u8_p16", "betti_small_f32_u16_p16", "betti_small_u8_u8_p16", "betti_small_u16_u16_p16");
  static final List<String> GLOBAL_KERNELS = List.of(
      "betti_global_prepare",
      "betti_global_reset", "betti_global_euler", "betti_global_fg", "betti_global_bg", "betti_global_finish");

  final CudaDriver driver;
  final DeviceInfo device;
  final KernelBuild build;
  final String nvrtcVersion;
  private final int handle;
  private final MemorySegment context;
  private final MemorySegment module;
  private final Map<String, MemorySegment> kernels = new HashMap<>();
  private boolean closed;

  private GpuRuntime(CudaDriver driver, DeviceInfo device, KernelBuild build, String nvrtcVersion, int handle,
      MemorySegment context, MemorySegment module) {
    this.driver = driver;
    this.device = device;
    this.build = build;
    this.nvrtcVersion = nvrtcVersion;
    this.handle = handle;
    this.context = context;
    this.module = module;
  }

  /**
   * Opens the device the settings name.
   *
   * @throws IllegalStateException with the probe's lines when a piece is missing, with NVRTC's log
   *     when the kernels do not compile, or with the driver's error when they do not load
   */
  static GpuRuntime open(GpuSettings settings, KernelSource source, Map<String, String> env) {
    GpuProbe.Result probe = GpuProbe.probe(settings, env);
    if (!probe.usable()) {
      throw new IllegalStateException(probe.summary());
    }
    CudaDriver driver = probe.driver();
    DeviceInfo device = probe.device().orElseThrow();
    int handle = driver.device(device.ordinal());
    MemorySegment context = driver.retainPrimaryContext(handle);
    MemorySegment module = null;
    try {
      driver.setCurrent(context);
      KernelBuild build = KernelBuild.of(probe.compiler(), source, device, new KernelCache(settings.cacheDir()));
      module = driver.loadModule(build.image());
      GpuRuntime rt = new GpuRuntime(driver, device, build, probe.nvrtcVersion().orElse("?"), handle, context, module);
      for (String name : SMALL_KERNELS) {
        MemorySegment f = driver.function(module, name);
        driver.setMaxDynamicSharedMemory(f, device.sharedMemoryPerBlock());
        rt.kernels.put(name, f);
      }
      for (String name : GLOBAL_KERNELS) {
        rt.kernels.put(name, driver.function(module, name));
      }
      return rt;
    } catch (RuntimeException e) {
      Cleanup cleanup = new Cleanup();
      MemorySegment loaded = module;
      if (loaded != null) {
        cleanup.run(() -> driver.unloadModule(loaded));
      }
      cleanup.run(() -> driver.releasePrimaryContext(handle));
      cleanup.suppressInto(e);
      throw e;
    }
  }

  /** Makes the device's context current on the calling thread. */
  void makeCurrent() {
    driver.setCurrent(context);
  }

  void launch(String kernel, int grid, int block, int sharedBytes, MemorySegment stream, MemorySegment args) {
    MemorySegment f = kernels.get(kernel);
    if (f == null) {
      throw new IllegalArgumentException("no kernel " + kernel);
    }
    driver.launch(f, kernel, grid, block, sharedBytes, stream, args);
  }

  /**
   * Unloads the kernels and releases the context, each tried even if another step fails; the first
   * failure is thrown. A second call does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Cleanup cleanup = new Cleanup();
    cleanup.run(this::makeCurrent);
    cleanup.run(() -> driver.unloadModule(module));
    cleanup.run(() -> driver.releasePrimaryContext(handle));
    cleanup.rethrow();
  }
}

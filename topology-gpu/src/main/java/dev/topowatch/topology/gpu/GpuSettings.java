package dev.topowatch.topology.gpu;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the gpu back end finds its libraries and sizes its work. Each setting is a system property
 * {@code topowatch.gpu.KEY} or an environment variable {@code TOPOWATCH_GPU_KEY} (upper case, dashes
 * to underscores); the property wins.
 *
 * @param libcuda the CUDA driver library: a file or a name for the loader ({@code libcuda.so.1})
 * @param nvrtc an NVRTC library file; empty: search the loader path, the CUDA toolkit folders and pip's
 *     {@code nvidia} packages
 * @param cacheDir where compiled kernels are kept; empty: no cache
 * @param device the device ordinal
 * @param blockThreads threads per block of the one-block-per-volume kernels (a multiple of 32)
 * @param globalThreads threads per block of the kernels for volumes too big for shared memory
 * @param transfer what crosses PCIe: {@code floats} (the device finds the levels) or {@code codes}
 *     (the host finds them and sends one or two bytes per value)
 * @param streams pipelines overlapping packing, copies and compute
 * @param chunkBytes input bytes per launch (and per pinned buffer)
 * @param maxSharedVoxels volumes above this size take the global-memory path even if they would fit
 *     in shared memory (0: decided by the device's shared memory alone)
 */
public record GpuSettings(
    String libcuda,
    Optional<Path> nvrtc,
    Optional<Path> cacheDir,
    int device,
    int blockThreads,
    int globalThreads,
    Transfer transfer,
    int streams,
    long chunkBytes,
    int maxSharedVoxels) {

  /** What the host sends per value. */
  public enum Transfer {
    FLOATS,
    CODES
  }

  public GpuSettings {
    if (blockThreads < 32 || blockThreads > 1024 || blockThreads % 32 != 0) {
      throw new IllegalArgumentException("topowatch.gpu.block-threads must be a multiple of 32 in 32..1024, was " + blockThreads);
    }
    if (globalThreads < 32 || globalThreads > 1024 || globalThreads % 32 != 0) {
      throw new IllegalArgumentException("topowatch.gpu.global-threads must be a multiple of 32 in 32..1024, was " + globalThreads);
    }
    if (streams < 1 || streams > 16) {
      throw new IllegalArgumentException("topowatch.gpu.streams must be in 1..16, was " + streams);
    }
    if (chunkBytes < (1 << 16)) {
      throw new IllegalArgumentException("topowatch.gpu.chunk-bytes must be at least 65536, was " + chunkBytes);
    }
    if (device < 0 || maxSharedVoxels < 0) {
      throw new IllegalArgumentException("topowatch.gpu.device and max-shared-voxels must not be negative");
    }
  }

  /** The settings of this process: system properties, then the environment, then defaults. */
  public static GpuSettings fromEnvironment() {
    return from(System.getenv());
  }

  static GpuSettings from(Map<String, String> env) {
    Source s = new Source(env);
    return new GpuSettings(
        s.get("libcuda").orElse("libcuda.so.1"),
        s.get("nvrtc").map(Path::of),
        s.get("cache-dir").map(GpuSettings::cacheDir).orElseGet(() -> Optional.of(defaultCacheDir(env))),
        s.integer("device", 0),
        s.integer("block-threads", 512),
        s.integer("global-threads", 256),
        s.get("transfer").map(GpuSettings::transfer).orElse(Transfer.FLOATS),
        s.integer("streams", 3),
        s.integer("chunk-bytes", 32 << 20),
        s.integer("max-shared-voxels", 0));
  }

  public GpuSettings withLibcuda(String lib) {
    return new GpuSettings(lib, nvrtc, cacheDir, device, blockThreads, globalThreads, transfer, streams, chunkBytes, maxSharedVoxels);
  }

  public GpuSettings withNvrtc(Path lib) {
    return new GpuSettings(libcuda, Optional.of(lib), cacheDir, device, blockThreads, globalThreads, transfer, streams, chunkBytes,
        maxSharedVoxels);
  }

  public GpuSettings withCacheDir(Path dir) {
    return new GpuSettings(libcuda, nvrtc, Optional.ofNullable(dir), device, blockThreads, globalThreads, transfer, streams, chunkBytes,
        maxSharedVoxels);
  }

  public GpuSettings withTransfer(Transfer t) {
    return new GpuSettings(libcuda, nvrtc, cacheDir, device, blockThreads, globalThreads, t, streams, chunkBytes, maxSharedVoxels);
  }

  public GpuSettings withThreads(int block, int global) {
    return new GpuSettings(libcuda, nvrtc, cacheDir, device, block, global, transfer, streams, chunkBytes, maxSharedVoxels);
  }

  public GpuSettings withChunking(int streamCount, long bytes) {
    return new GpuSettings(libcuda, nvrtc, cacheDir, device, blockThreads, globalThreads, transfer, streamCount, bytes, maxSharedVoxels);
  }

  public GpuSettings withMaxSharedVoxels(int voxels) {
    return new GpuSettings(libcuda, nvrtc, cacheDir, device, blockThreads, globalThreads, transfer, streams, chunkBytes, voxels);
  }

  /** {@code ~/.cache/topowatch/kernels}, or under {@code $XDG_CACHE_HOME}. */
  static Path defaultCacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("topowatch").resolve("kernels");
  }

  private static Optional<Path> cacheDir(String value) {
    return value.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(value));
  }

  private static Transfer transfer(String value) {
    try {
      return Transfer.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("topowatch.gpu.transfer must be floats or codes, was " + value, e);
    }
  }

  /** Looks a key up as a system property, then as an environment variable. */
  private record Source(Map<String, String> env) {
    Optional<String> get(String key) {
      String v = System.getProperty("topowatch.gpu." + key);
      if (v == null) {
        v = env.get("TOPOWATCH_GPU_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      }
      return Optional.ofNullable(v).map(String::trim).filter(x -> !x.isEmpty());
    }

    int integer(String key, int dflt) {
      return get(key).map(v -> {
        try {
          return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("topowatch.gpu." + key + " must be an integer, was " + v, e);
        }
      }).orElse(dflt);
    }
  }
}

package dev.topowatch.topology.gpu;

import java.util.Optional;

/**
 * What an opened gpu engine runs on and how its kernels were obtained.
 *
 * @param libcuda where the driver library was found
 * @param target the code the kernels were compiled to ({@code sm_90}, or {@code compute_XY} PTX)
 * @param kernelMillis time to compile them with NVRTC, or to read them from the cache
 * @param cacheHit whether they came from the cache
 */
public record GpuReport(DeviceInfo device, String libcuda, String nvrtcVersion, String target, long kernelMillis,
    boolean cacheHit, Optional<String> cacheFile, Optional<String> cacheNote, GpuSettings settings) {}

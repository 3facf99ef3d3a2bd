package dev.topowatch.topology.gpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernels for one device: from the cache when it holds them for this source, NVRTC version and
 * architecture, else compiled by NVRTC (machine code for the device's sm_XY; PTX for the newest
 * architecture NVRTC knows when it does not know the device's, which the driver then finishes).
 *
 * @param image the cubin or PTX to load
 * @param millis time spent compiling or reading the cache
 * @param cacheHit whether the image came from the cache
 * @param cacheFile where it is (or would be) cached
 * @param cacheNote why nothing was cached, if so
 */
record KernelBuild(byte[] image, String target, long millis, boolean cacheHit, Optional<Path> cacheFile,
    Optional<String> cacheNote) {

  static KernelBuild of(Nvrtc nvrtc, KernelSource source, DeviceInfo device, KernelCache cache) {
    long start = System.nanoTime();
    int arch = device.computeMajor() * 10 + device.computeMinor();
    int[] supported = nvrtc.supportedArchitectures();
    boolean native_ = Arrays.stream(supported).anyMatch(a -> a == arch);
    int target = native_ ? arch : Arrays.stream(supported).filter(a -> a <= arch).max().orElse(supported[0]);
    String option = "--gpu-architecture=" + (native_ ? "sm_" : "compute_") + target;
    List<String> options = new ArrayList<>(List.of(option, "--std=c++17"));
    int[] v = nvrtc.version();
    String hash = source.hash(v[0] + "." + v[1] + " " + options);
    String label = (native_ ? "sm_" : "compute_") + target;
    Optional<Path> file = cache.file(label, hash, native_);
    Optional<byte[]> cached = cache.read(file);
    if (cached.isPresent()) {
      return new KernelBuild(cached.get(), label, (System.nanoTime() - start) / 1_000_000, true, file, Optional.empty());
    }
    Nvrtc.Output out = nvrtc.compile(source.text(), source.name(), options);
    Optional<String> note = cache.write(file, out.image());
    return new KernelBuild(out.image(), label, (System.nanoTime() - start) / 1_000_000, false, file, note);
  }
}

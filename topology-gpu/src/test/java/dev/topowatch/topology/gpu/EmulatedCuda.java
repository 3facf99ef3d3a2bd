package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulated CUDA driver and NVRTC (src/test/native), built once with g++ into target/emu and
 * loaded in place of libcuda.so.1 and libnvrtc: the gpu back end's own Java code then runs betti.cu's
 * kernels, compiled by g++, on real threads. Tests that need it are skipped, with the reason, where
 * g++ is missing.
 */
final class EmulatedCuda {
  private static Path driver;
  private static Path nvrtc;

  private EmulatedCuda() {}

  /** Settings that use the emulated libraries, with a cache folder of the caller's. */
  static synchronized GpuSettings settings(Path cacheDir) {
    build();
    reset();
    return GpuSettings.from(java.util.Map.of()).withLibcuda(driver.toString()).withNvrtc(nvrtc)
        .withCacheDir(cacheDir).withThreads(64, 64);
  }

  static Path driverLibrary() {
    build();
    return driver;
  }

  static Path nvrtcLibrary() {
    build();
    return nvrtc;
  }

  /** Back to a healthy device: one sm_90 device, driver 13.0, 2 GiB, NVRTC 13.0 that checks sources. */
  static void reset() {
    set("reset", 0);
    nvrtcSet("major", 13);
    nvrtcSet("minor", 0);
    nvrtcSet("check", 1);
  }

  /** See topowatch_emu_set in emu_driver.cpp. */
  static void set(String key, long value) {
    int r = (int) call(driver, "topowatch_emu_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), key, value);
    if (r != 0) {
      throw new IllegalArgumentException("emulated driver has no setting " + key);
    }
  }

  static long get(String key) {
    return (long) call(driver, "topowatch_emu_get", FunctionDescriptor.of(JAVA_LONG, ADDRESS), key, null);
  }

  static void nvrtcSet(String key, int value) {
    int r = (int) call(nvrtc, "topowatch_nvrtc_emu_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), key, value);
    if (r != 0) {
      throw new IllegalArgumentException("emulated NVRTC has no setting " + key);
    }
  }

  private static Object call(Path lib, String function, FunctionDescriptor fd, String key, Object value) {
    MemorySegment symbol = NativeLibraries.load(lib.toString()).orElseThrow().symbols().find(function).orElseThrow();
    MethodHandle h = Linker.nativeLinker().downcallHandle(symbol, fd);
    try (Arena a = Arena.ofConfined()) {
      return value == null ? h.invokeWithArguments(a.allocateFrom(key)) : h.invokeWithArguments(a.allocateFrom(key), value);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void build() {
    if (driver != null) {
      return;
    }
    assumeTrue(RequiresGpp.available(), "g++ not found: the emulated CUDA driver cannot be built");
    Path sources = Path.of(System.getProperty("topowatch.emu.sources", "src/test/native")).toAbsolutePath();
    Path kernel = Path.of("src/main/resources/dev/topowatch/topology/gpu/betti.cu").toAbsolutePath();
    Path out = Path.of(System.getProperty("topowatch.emu.dir", "target/emu")).toAbsolutePath();
    try {
      String hash = hash(List.of(kernel, sources.resolve("cuda_emu.h"), sources.resolve("emu_driver.cpp"),
          sources.resolve("emu_nvrtc.cpp")));
      Path dir = out.resolve(hash.substring(0, 16));
      Files.createDirectories(dir);
      Path d = dir.resolve("libtopowatch-emu-cuda.so");
      Path n = dir.resolve("libtopowatch-emu-nvrtc.so");
      if (!Files.exists(d)) {
        gpp(dir, "-std=c++20", "-O2", "-pthread", "-shared", "-fPIC", "-DTOPOWATCH_EMULATION",
            "-DKERNEL_SOURCE=\"" + kernel + "\"", "-I" + sources, sources.resolve("emu_driver.cpp").toString(),
            "-o", d + ".tmp", "-ldl");
        Files.move(Path.of(d + ".tmp"), d);
      }
      if (!Files.exists(n)) {
        gpp(dir, "-std=c++20", "-O1", "-shared", "-fPIC", "-DEMU_INCLUDE=\"" + sources + "\"",
            sources.resolve("emu_nvrtc.cpp").toString(), "-o", n + ".tmp");
        Files.move(Path.of(n + ".tmp"), n);
      }
      driver = d;
      nvrtc = n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void gpp(Path dir, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("g++"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("g++ failed: " + String.join(" ", cmd) + "\n" + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String hash(List<Path> files) throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        d.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

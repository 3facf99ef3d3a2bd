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
 * kernels (as {@link KernelSource#betti()} gives them to NVRTC, layout defines included), compiled by
 * g++, on real threads. Tests that need it are skipped, with the reason, where g++ is missing, except
 * under {@code CI=true}, where a missing emulator fails them: CI must run them. Public for the
 * analyzer's tests, which run the whole service on it (they name the native sources folder with the
 * system property {@code topowatch.emu.sources}).
 */
public final class EmulatedCuda {
  /** How an injected fault behaves (FaultMode in emu_driver.cpp). */
  public enum FaultMode {
    /** That call answers the error; nothing else changes (a refused launch, a stream not created). */
    ONCE,
    /** A launch is accepted and its kernel faults as it runs; every call from then on answers the error. */
    STICKY,
    /** The device is gone: that call and every later one answer the error. */
    LOST
  }

  public static final int CUDA_ERROR_INVALID_VALUE = 1;
  public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
  public static final int CUDA_ERROR_ILLEGAL_ADDRESS = 700;
  public static final int CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701;
  public static final int CUDA_ERROR_UNKNOWN = 999;

  private static Path driver;
  private static Path nvrtc;

  private EmulatedCuda() {}

  /** Settings that use the emulated libraries, with a cache folder of the caller's; resets the emulator. */
  public static synchronized GpuSettings settings(Path cacheDir) {
    build();
    reset();
    return GpuSettings.from(java.util.Map.of()).withLibcuda(driver.toString()).withNvrtc(nvrtc)
        .withCacheDir(cacheDir).withThreads(64, 64);
  }

  public static Path driverLibrary() {
    build();
    return driver;
  }

  public static Path nvrtcLibrary() {
    build();
    return nvrtc;
  }

  /** Back to a healthy device: one sm_90 device, driver 13.0, 2 GiB, NVRTC 13.0 that checks sources. */
  public static synchronized void reset() {
    if (driver == null) {
      return; // not loaded yet: healthy as it will load (and an after-test reset adds no error where g++ is missing)
    }
    set("reset", 0);
    nvrtcSet("major", 13);
    nvrtcSet("minor", 0);
    nvrtcSet("check", 1);
  }

  /** See topowatch_emu_set in emu_driver.cpp. */
  public static void set(String key, long value) {
    build();
    int r = (int) call(driver, "topowatch_emu_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), key, value);
    if (r != 0) {
      throw new IllegalArgumentException("emulated driver has no setting " + key);
    }
  }

  /** See topowatch_emu_get: "device_bytes", "host_bytes", "streams", "context_refs". */
  public static long get(String key) {
    build();
    return (long) call(driver, "topowatch_emu_get", FunctionDescriptor.of(JAVA_LONG, ADDRESS), key, null);
  }

  /** The {@code nth} call from now (1-based) of the driver function {@code call} fails with {@code code}. */
  public static void fault(String call, long nth, int code, FaultMode mode) {
    build();
    int r = (int) invoke(driver, "topowatch_emu_fault", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT),
        call, nth, code, mode.ordinal());
    if (r != 0) {
      throw new IllegalArgumentException("emulated driver refused the fault " + call + " #" + nth);
    }
  }

  /** Calls of the driver function {@code call} since the last {@link #reset}. */
  public static long calls(String call) {
    build();
    return (long) invoke(driver, "topowatch_emu_calls", FunctionDescriptor.of(JAVA_LONG, ADDRESS), call);
  }

  static void nvrtcSet(String key, int value) {
    build();
    int r = (int) call(nvrtc, "topowatch_nvrtc_emu_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), key, value);
    if (r != 0) {
      throw new IllegalArgumentException("emulated NVRTC has no setting " + key);
    }
  }

  private static Object call(Path lib, String function, FunctionDescriptor fd, String key, Object value) {
    return value == null ? invoke(lib, function, fd, key) : invoke(lib, function, fd, key, value);
  }

  /** Calls {@code function(key, rest...)} of the emulated library {@code lib}. */
  private static Object invoke(Path lib, String function, FunctionDescriptor fd, String key, Object... rest) {
    MemorySegment symbol = NativeLibraries.load(lib.toString()).orElseThrow().symbols().find(function).orElseThrow();
    MethodHandle h = Linker.nativeLinker().downcallHandle(symbol, fd);
    try (Arena a = Arena.ofConfined()) {
      Object[] args = new Object[rest.length + 1];
      args[0] = a.allocateFrom(key);
      System.arraycopy(rest, 0, args, 1, rest.length);
      return h.invokeWithArguments(args);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Skips the calling test where g++ is missing; under {@code CI=true} fails it instead, so that a
   * CI machine without g++ cannot pass without having run the emulated suite.
   */
  static void requireGpp() {
    if (RequiresGpp.available()) {
      return;
    }
    if (RequiresGpp.mustRun()) {
      throw new IllegalStateException(RequiresGpp.MISSING + " and CI=true: the emulated GPU suite must run in CI (.ci/run installs g++)");
    }
    assumeTrue(false, RequiresGpp.MISSING);
  }

  private static synchronized void build() {
    if (driver != null) {
      return;
    }
    requireGpp();
    Path sources = Path.of(System.getProperty("topowatch.emu.sources", "src/test/native")).toAbsolutePath();
    Path out = Path.of(System.getProperty("topowatch.emu.dir", "target/emu")).toAbsolutePath();
    try {
      // The kernels exactly as NVRTC gets them: the layout defines generated from the Java constants first.
      String kernelText = KernelSource.betti().text();
      String hash = hash(kernelText, List.of(sources.resolve("cuda_emu.h"), sources.resolve("emu_driver.cpp"),
          sources.resolve("emu_nvrtc.cpp")));
      Path dir = out.resolve(hash.substring(0, 16));
      Files.createDirectories(dir);
      Path kernel = dir.resolve("betti.cu");
      if (!Files.exists(kernel)) {
        Files.writeString(Path.of(kernel + ".tmp"), kernelText);
        Files.move(Path.of(kernel + ".tmp"), kernel, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
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

  private static String hash(String text, List<Path> files) throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(text.getBytes(StandardCharsets.UTF_8));
      for (Path f : files) {
        d.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

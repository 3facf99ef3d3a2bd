package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** NVRTC, the CUDA runtime compiler, bound with {@code java.lang.foreign}. */
final class Nvrtc {
  private static final int COMPILATION_ERROR = 6;

  private final String where;
  private final MethodHandle nvrtcVersion;
  private final MethodHandle nvrtcGetNumSupportedArchs;
  private final MethodHandle nvrtcGetSupportedArchs;
  private final MethodHandle nvrtcCreateProgram;
  private final MethodHandle nvrtcDestroyProgram;
  private final MethodHandle nvrtcCompileProgram;
  private final MethodHandle nvrtcGetProgramLogSize;
  private final MethodHandle nvrtcGetProgramLog;
  private final MethodHandle nvrtcGetCUBINSize;
  private final MethodHandle nvrtcGetCUBIN;
  private final MethodHandle nvrtcGetPTXSize;
  private final MethodHandle nvrtcGetPTX;
  private final MethodHandle nvrtcGetErrorString;

  private Nvrtc(NativeLibraries.Loaded lib) {
    this.where = lib.where();
    CudaDriver.Binder b = new CudaDriver.Binder(lib);
    nvrtcVersion = b.bind("nvrtcVersion", ADDRESS, ADDRESS);
    nvrtcGetNumSupportedArchs = b.bind("nvrtcGetNumSupportedArchs", ADDRESS);
    nvrtcGetSupportedArchs = b.bind("nvrtcGetSupportedArchs", ADDRESS);
    nvrtcCreateProgram = b.bind("nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    nvrtcDestroyProgram = b.bind("nvrtcDestroyProgram", ADDRESS);
    nvrtcCompileProgram = b.bind("nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
    nvrtcGetProgramLogSize = b.bind("nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
    nvrtcGetProgramLog = b.bind("nvrtcGetProgramLog", ADDRESS, ADDRESS);
    nvrtcGetCUBINSize = b.bind("nvrtcGetCUBINSize", ADDRESS, ADDRESS);
    nvrtcGetCUBIN = b.bind("nvrtcGetCUBIN", ADDRESS, ADDRESS);
    nvrtcGetPTXSize = b.bind("nvrtcGetPTXSize", ADDRESS, ADDRESS);
    nvrtcGetPTX = b.bind("nvrtcGetPTX", ADDRESS, ADDRESS);
    nvrtcGetErrorString = b.bindReturning(ADDRESS, "nvrtcGetErrorString", JAVA_INT);
  }

  /**
   * Binds NVRTC in {@code lib}.
   *
   * @throws IllegalStateException if a function is missing
   */
  static Nvrtc bind(NativeLibraries.Loaded lib) {
    return new Nvrtc(lib);
  }

  String where() {
    return where;
  }

  /** {major, minor}. */
  int[] version() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment major = a.allocate(JAVA_INT);
      MemorySegment minor = a.allocate(JAVA_INT);
      check("nvrtcVersion", call(nvrtcVersion, major, minor));
      return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
    }
  }

  /** The sm_XY values this NVRTC can compile to machine code for, e.g. 90. */
  int[] supportedArchitectures() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment n = a.allocate(JAVA_INT);
      check("nvrtcGetNumSupportedArchs", call(nvrtcGetNumSupportedArchs, n));
      MemorySegment archs = a.allocate(JAVA_INT, Math.max(1, n.get(JAVA_INT, 0)));
      check("nvrtcGetSupportedArchs", call(nvrtcGetSupportedArchs, archs));
      return archs.asSlice(0, 4L * n.get(JAVA_INT, 0)).toArray(JAVA_INT);
    }
  }

  /** A compiled program: a cubin for one architecture, or PTX that the driver finishes. */
  record Output(byte[] image, boolean cubin) {}

  /**
   * Compiles {@code source}; with an {@code --gpu-architecture=sm_XY} option the result is a cubin,
   * with {@code compute_XY} PTX.
   *
   * @throws NvrtcException with the compiler's log when the source does not compile
   */
  Output compile(String source, String name, List<String> options) {
    boolean cubin = options.stream().anyMatch(o -> o.startsWith("--gpu-architecture=sm_"));
    try (Arena a = Arena.ofConfined()) {
      MemorySegment prog = a.allocate(ADDRESS);
      check("nvrtcCreateProgram", call(nvrtcCreateProgram, prog, a.allocateFrom(source), a.allocateFrom(name), 0,
          MemorySegment.NULL, MemorySegment.NULL));
      MemorySegment program = prog.get(ADDRESS, 0);
      try {
        MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
        for (int i = 0; i < options.size(); i++) {
          opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
        }
        int result = call(nvrtcCompileProgram, program, options.size(), opts);
        String log = log(a, program);
        if (result != 0) {
          throw new NvrtcException("NVRTC (" + where + ") could not compile " + name + ": " + errorString(result)
              + (result == COMPILATION_ERROR ? "" : " (options " + options + ")"), log);
        }
        MemorySegment size = a.allocate(JAVA_LONG);
        check(cubin ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize", call(cubin ? nvrtcGetCUBINSize : nvrtcGetPTXSize, program, size));
        MemorySegment image = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        check(cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX", call(cubin ? nvrtcGetCUBIN : nvrtcGetPTX, program, image));
        return new Output(image.asSlice(0, size.get(JAVA_LONG, 0)).toArray(JAVA_BYTE), cubin);
      } finally {
        call(nvrtcDestroyProgram, prog);
      }
    }
  }

  private String log(Arena a, MemorySegment program) {
    MemorySegment size = a.allocate(JAVA_LONG);
    if (call(nvrtcGetProgramLogSize, program, size) != 0 || size.get(JAVA_LONG, 0) <= 1) {
      return "";
    }
    MemorySegment log = a.allocate(size.get(JAVA_LONG, 0));
    call(nvrtcGetProgramLog, program, log);
    return log.getString(0);
  }

  private String errorString(int result) {
    try {
      MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeWithArguments(result);
      return s.equals(MemorySegment.NULL) ? "NVRTC error " + result : s.reinterpret(1024).getString(0);
    } catch (Throwable e) {
      return "NVRTC error " + result;
    }
  }

  private void check(String what, int result) {
    if (result != 0) {
      throw new IllegalStateException(what + " failed: " + errorString(result) + " (" + where + ")");
    }
  }

  private static int call(MethodHandle h, Object... args) {
    try {
      return (int) h.invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}

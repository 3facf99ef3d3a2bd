package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API functions the back end uses, bound with {@code java.lang.foreign}. Every
 * function returns a CUresult; a non-zero one becomes a {@link CudaException} naming the call and
 * the driver's own description of the error. Handles (context, module, function, stream) are
 * opaque addresses; device memory is a {@code long} (CUdeviceptr).
 */
final class CudaDriver {
  static final int ATTR_MAX_THREADS_PER_BLOCK = 1;
  static final int ATTR_MULTIPROCESSOR_COUNT = 16;
  static final int ATTR_CC_MAJOR = 75;
  static final int ATTR_CC_MINOR = 76;
  static final int ATTR_MAX_SHARED_PER_BLOCK_OPTIN = 97;
  static final int FUNC_ATTR_MAX_DYNAMIC_SHARED = 8;
  static final int STREAM_NON_BLOCKING = 1;

  private final String where;
  private final MethodHandle cuInit;
  private final MethodHandle cuDriverGetVersion;
  private final MethodHandle cuDeviceGetCount;
  private final MethodHandle cuDeviceGet;
  private final MethodHandle cuDeviceGetName;
  private final MethodHandle cuDeviceGetAttribute;
  private final MethodHandle cuDeviceTotalMem;
  private final MethodHandle cuDevicePrimaryCtxRetain;
  private final MethodHandle cuDevicePrimaryCtxRelease;
  private final MethodHandle cuCtxSetCurrent;
  private final MethodHandle cuModuleLoadData;
  private final MethodHandle cuModuleUnload;
  private final MethodHandle cuModuleGetFunction;
  private final MethodHandle cuFuncSetAttribute;
  private final MethodHandle cuMemAlloc;
  private final MethodHandle cuMemFree;
  private final MethodHandle cuMemAllocHost;
  private final MethodHandle cuMemFreeHost;
  private final MethodHandle cuMemGetInfo;
  private final MethodHandle cuMemcpyHtoDAsync;
  private final MethodHandle cuMemcpyDtoHAsync;
  private final MethodHandle cuMemsetD32Async;
  private final MethodHandle cuStreamCreate;
  private final MethodHandle cuStreamDestroy;
  private final MethodHandle cuStreamSynchronize;
  private final MethodHandle cuLaunchKernel;
  private final MethodHandle cuGetErrorName;
  private final MethodHandle cuGetErrorString;

  private CudaDriver(NativeLibraries.Loaded lib) {
    this.where = lib.where();
    Binder b = new Binder(lib);
    cuInit = b.bind("cuInit", JAVA_INT);
    cuDriverGetVersion = b.bind("cuDriverGetVersion", ADDRESS);
    cuDeviceGetCount = b.bind("cuDeviceGetCount", ADDRESS);
    cuDeviceGet = b.bind("cuDeviceGet", ADDRESS, JAVA_INT);
    cuDeviceGetName = b.bind("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
    cuDeviceGetAttribute = b.bind("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
    cuDeviceTotalMem = b.bind("cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
    cuDevicePrimaryCtxRetain = b.bind("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
    cuDevicePrimaryCtxRelease = b.bind("cuDevicePrimaryCtxRelease_v2", JAVA_INT);
    cuCtxSetCurrent = b.bind("cuCtxSetCurrent", ADDRESS);
    cuModuleLoadData = b.bind("cuModuleLoadData", ADDRESS, ADDRESS);
    cuModuleUnload = b.bind("cuModuleUnload", ADDRESS);
    cuModuleGetFunction = b.bind("cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
    cuFuncSetAttribute = b.bind("cuFuncSetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
    cuMemAlloc = b.bind("cuMemAlloc_v2", ADDRESS, JAVA_LONG);
    cuMemFree = b.bind("cuMemFree_v2", JAVA_LONG);
    cuMemAllocHost = b.bind("cuMemAllocHost_v2", ADDRESS, JAVA_LONG);
    cuMemFreeHost = b.bind("cuMemFreeHost", ADDRESS);
    cuMemGetInfo = b.bind("cuMemGetInfo_v2", ADDRESS, ADDRESS);
    cuMemcpyHtoDAsync = b.bind("cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
    cuMemcpyDtoHAsync = b.bind("cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
    cuMemsetD32Async = b.bind("cuMemsetD32Async", JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    cuStreamCreate = b.bind("cuStreamCreate", ADDRESS, JAVA_INT);
    cuStreamDestroy = b.bind("cuStreamDestroy_v2", ADDRESS);
    cuStreamSynchronize = b.bind("cuStreamSynchronize", ADDRESS);
    cuLaunchKernel = b.bind("cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
        ADDRESS, ADDRESS, ADDRESS);
    cuGetErrorName = b.bind("cuGetErrorName", JAVA_INT, ADDRESS);
    cuGetErrorString = b.bind("cuGetErrorString", JAVA_INT, ADDRESS);
  }

  /**
   * Binds the driver in {@code lib}.
   *
   * @throws IllegalStateException if a function is missing (not a CUDA driver, or far too old)
   */
  static CudaDriver bind(NativeLibraries.Loaded lib) {
    return new CudaDriver(lib);
  }

  /** Where the library was found. */
  String where() {
    return where;
  }

  void init() {
    check("cuInit", call(cuInit, 0));
  }

  /** The CUDA version the driver supports, e.g. 13000 for 13.0. */
  int driverVersion() {
    return intOut("cuDriverGetVersion", cuDriverGetVersion);
  }

  int deviceCount() {
    return intOut("cuDeviceGetCount", cuDeviceGetCount);
  }

  int device(int ordinal) {
    return intOut("cuDeviceGet", cuDeviceGet, ordinal);
  }

  String deviceName(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment name = a.allocate(256);
      check("cuDeviceGetName", call(cuDeviceGetName, name, 256, device));
      return name.getString(0);
    }
  }

  int attribute(int attribute, int device) {
    return intOut("cuDeviceGetAttribute", cuDeviceGetAttribute, attribute, device);
  }

  long totalMemory(int device) {
    return longOut("cuDeviceTotalMem_v2", cuDeviceTotalMem, device);
  }

  /** Free and total device memory of the current context, in bytes. */
  long[] memoryInfo() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment free = a.allocate(JAVA_LONG);
      MemorySegment total = a.allocate(JAVA_LONG);
      check("cuMemGetInfo_v2", call(cuMemGetInfo, free, total));
      return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
    }
  }

  MemorySegment retainPrimaryContext(int device) {
    return addressOut("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain, device);
  }

  void releasePrimaryContext(int device) {
    check("cuDevicePrimaryCtxRelease_v2", call(cuDevicePrimaryCtxRelease, device));
  }

  /** Makes the context current on the calling thread (each thread that calls the driver needs it). */
  void setCurrent(MemorySegment context) {
    check("cuCtxSetCurrent", call(cuCtxSetCurrent, context));
  }

  MemorySegment loadModule(byte[] image) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment data = a.allocate(image.length + 1L, 16);
      MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
      return addressOut("cuModuleLoadData", cuModuleLoadData, data);
    }
  }

  void unloadModule(MemorySegment module) {
    check("cuModuleUnload", call(cuModuleUnload, module));
  }

  MemorySegment function(MemorySegment module, String name) {
    try (Arena a = Arena.ofConfined()) {
      return addressOut("cuModuleGetFunction(" + name + ")", cuModuleGetFunction, module, a.allocateFrom(name));
    }
  }

  void setMaxDynamicSharedMemory(MemorySegment function, int bytes) {
    check("cuFuncSetAttribute", call(cuFuncSetAttribute, function, FUNC_ATTR_MAX_DYNAMIC_SHARED, bytes));
  }

  /** Device memory (CUdeviceptr). */
  long malloc(long bytes) {
    return longOut("cuMemAlloc_v2(" + bytes + " bytes)", cuMemAlloc, bytes);
  }

  void free(long devicePointer) {
    check("cuMemFree_v2", call(cuMemFree, devicePointer));
  }

  /** Page-locked host memory, which the copy engines read and write without staging. */
  MemorySegment mallocHost(long bytes) {
    return addressOut("cuMemAllocHost_v2(" + bytes + " bytes)", cuMemAllocHost, bytes).reinterpret(bytes);
  }

  void freeHost(MemorySegment host) {
    check("cuMemFreeHost", call(cuMemFreeHost, host));
  }

  MemorySegment createStream() {
    return addressOut("cuStreamCreate", cuStreamCreate, STREAM_NON_BLOCKING);
  }

  void destroyStream(MemorySegment stream) {
    check("cuStreamDestroy_v2", call(cuStreamDestroy, stream));
  }

  /** Waits for everything queued on the stream; reports errors of the kernels that ran there. */
  void synchronize(MemorySegment stream) {
    check("cuStreamSynchronize", call(cuStreamSynchronize, stream));
  }

  void copyToDevice(long device, MemorySegment host, long bytes, MemorySegment stream) {
    if (bytes > 0) {
      check("cuMemcpyHtoDAsync_v2", call(cuMemcpyHtoDAsync, device, host, bytes, stream));
    }
  }

  void copyToHost(MemorySegment host, long device, long bytes, MemorySegment stream) {
    if (bytes > 0) {
      check("cuMemcpyDtoHAsync_v2", call(cuMemcpyDtoHAsync, host, device, bytes, stream));
    }
  }

  void fill32(long device, int value, long count, MemorySegment stream) {
    if (count > 0) {
      check("cuMemsetD32Async", call(cuMemsetD32Async, device, value, count, stream));
    }
  }

  /** Launches a kernel whose one parameter is {@code args} (copied by the driver at the call). */
  void launch(MemorySegment function, String name, int grid, int block, int sharedBytes, MemorySegment stream,
      MemorySegment args) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment params = a.allocate(ADDRESS);
      params.set(ADDRESS, 0, args);
      check("cuLaunchKernel(" + name + ", " + grid + " blocks of " + block + ", " + sharedBytes + " bytes shared)",
          call(cuLaunchKernel, function, grid, 1, 1, block, 1, 1, sharedBytes, stream, params, MemorySegment.NULL));
    }
  }

  /** The driver's name of a CUresult, e.g. CUDA_ERROR_OUT_OF_MEMORY. */
  String errorName(int code) {
    return errorText(cuGetErrorName, code, "CUDA error " + code);
  }

  private String errorText(MethodHandle h, int code, String fallback) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      if (call(h, code, p) != 0 || p.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
        return fallback;
      }
      return p.get(ADDRESS, 0).reinterpret(1024).getString(0);
    }
  }

  // Driver functions answer through a pointer passed first: h(&out, args...). These call one with a
  // fresh out-parameter and return what it wrote.

  private int intOut(String what, MethodHandle h, Object... args) {
    try (Arena a = Arena.ofConfined()) {
      return callWithOut(a, JAVA_INT, what, h, args).get(JAVA_INT, 0);
    }
  }

  private long longOut(String what, MethodHandle h, Object... args) {
    try (Arena a = Arena.ofConfined()) {
      return callWithOut(a, JAVA_LONG, what, h, args).get(JAVA_LONG, 0);
    }
  }

  private MemorySegment addressOut(String what, MethodHandle h, Object... args) {
    try (Arena a = Arena.ofConfined()) {
      return callWithOut(a, ADDRESS, what, h, args).get(ADDRESS, 0);
    }
  }

  private MemorySegment callWithOut(Arena a, MemoryLayout layout, String what, MethodHandle h, Object... args) {
    MemorySegment out = a.allocate(layout);
    Object[] all = new Object[args.length + 1];
    all[0] = out;
    System.arraycopy(args, 0, all, 1, args.length);
    check(what, call(h, all));
    return out;
  }

  private void check(String what, int result) {
    if (result != 0) {
      throw new CudaException(what, result, errorName(result), errorText(cuGetErrorString, result, "no description"));
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

  /** Finds functions in one library, each returning an int. */
  static final class Binder {
    private final NativeLibraries.Loaded lib;

    Binder(NativeLibraries.Loaded lib) {
      this.lib = lib;
    }

    MethodHandle bind(String name, MemoryLayout... args) {
      return bindReturning(JAVA_INT, name, args);
    }

    MethodHandle bindReturning(MemoryLayout result, String name, MemoryLayout... args) {
      MemorySegment symbol = lib.symbols().find(name).orElseThrow(() -> new IllegalStateException(
          lib.where() + " has no function " + name + ": not the expected library, or too old"));
      return Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(result, args));
    }
  }
}

package dev.topowatch.topology.gpu;

import dev.topowatch.topology.EngineBrokenException;
import java.util.Set;

/**
 * Which driver errors leave the device unusable, and under what kind they are counted. Every
 * driver error during a computation breaks the engine except running out of memory (a smaller
 * batch fits later): a kernel fault poisons the context ("sticky": every later call fails until
 * the process ends), a lost device fails every call, and a refused launch means the kernels
 * cannot run on this device as configured.
 */
final class DeviceFailures {
  /** Kernel faults that poison the context: illegal address, launch timeout, hardware stack error,
   *  illegal instruction, misaligned address, invalid address space, invalid PC, launch failed, and an
   *  uncorrectable ECC error. */
  static final Set<Integer> STICKY = Set.of(700, 702, 714, 715, 716, 717, 718, 719, 214);
  /** What the driver answers once the device is gone (fallen off the bus, Xid 79) or the driver is
   *  shutting down: CUDA_ERROR_UNKNOWN, CUDA_ERROR_DEINITIALIZED, CUDA_ERROR_DEVICE_UNAVAILABLE. */
  static final Set<Integer> LOST = Set.of(999, 4, 46);

  private DeviceFailures() {}

  /** Whether {@code e} leaves the engine unable to go on. */
  static boolean breaks(CudaException e) {
    return e.code() != CudaException.OUT_OF_MEMORY;
  }

  /** {@code sticky}, {@code device_lost}, {@code launch} (a launch refused) or {@code driver} (any other call). */
  static String kind(CudaException e) {
    if (STICKY.contains(e.code())) {
      return "sticky";
    }
    if (LOST.contains(e.code())) {
      return "device_lost";
    }
    return e.call().startsWith("cuLaunchKernel") ? "launch" : "driver";
  }

  static EngineBrokenException broken(CudaException e) {
    String kind = kind(e);
    return new EngineBrokenException("gpu", kind, "the gpu engine failed (" + kind + "): " + e.getMessage(), e);
  }
}

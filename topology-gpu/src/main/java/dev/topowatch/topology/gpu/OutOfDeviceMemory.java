package dev.topowatch.topology.gpu;

/** Device allocations whose failure for lack of memory says what needed how much, and what was free. */
final class OutOfDeviceMemory {
  private OutOfDeviceMemory() {}

  /**
   * @throws IllegalStateException "the GPU is out of memory: ..." when the device has not enough
   *     free memory; other driver errors as they are
   */
  static long allocate(CudaDriver driver, long bytes, String what) {
    try {
      return driver.malloc(bytes);
    } catch (CudaException e) {
      if (e.code() != CudaException.OUT_OF_MEMORY) {
        throw e;
      }
      String free;
      try {
        long[] info = driver.memoryInfo();
        free = mib(info[0]) + " free of " + mib(info[1]);
      } catch (RuntimeException unknown) {
        free = "free memory unknown";
      }
      throw new IllegalStateException("the GPU is out of memory: " + what + " needs " + mib(bytes) + " (" + free + ")", e);
    }
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}

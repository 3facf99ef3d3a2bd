package dev.topowatch.topology.gpu;

import java.lang.foreign.MemorySegment;

/**
 * A page-locked host buffer and a device buffer of the same size, grown on demand (never while a
 * stream still uses them: callers grow a buffer only after its stream is synchronized).
 */
final class MirroredBuffer implements AutoCloseable {
  private final CudaDriver driver;
  private final String what;
  private MemorySegment host = MemorySegment.NULL;
  private long device;
  private long capacity;

  MirroredBuffer(CudaDriver driver, String what) {
    this.driver = driver;
    this.what = what;
  }

  /** Makes room for {@code bytes}; the contents are not kept. */
  void ensure(long bytes) {
    if (bytes <= capacity) {
      return;
    }
    release();
    long size = Math.max(1L << 16, Long.highestOneBit(bytes - 1) << 1);
    device = OutOfDeviceMemory.allocate(driver, size, what);
    try {
      host = driver.mallocHost(size);
    } catch (RuntimeException e) {
      driver.free(device);
      device = 0;
      throw e;
    }
    capacity = size;
  }

  MemorySegment host() {
    return host;
  }

  long device() {
    return device;
  }

  void toDevice(long bytes, MemorySegment stream) {
    driver.copyToDevice(device, host, bytes, stream);
  }

  void toHost(long bytes, MemorySegment stream) {
    driver.copyToHost(host, device, bytes, stream);
  }

  /** Frees both buffers (each tried, the first failure thrown); afterwards it holds none, either way. */
  private void release() {
    if (capacity > 0) {
      MemorySegment h = host;
      long d = device;
      host = MemorySegment.NULL;
      device = 0;
      capacity = 0;
      Cleanup cleanup = new Cleanup();
      cleanup.run(() -> driver.freeHost(h));
      cleanup.run(() -> driver.free(d));
      cleanup.rethrow();
    }
  }

  @Override
  public void close() {
    release();
  }
}

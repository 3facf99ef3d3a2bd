package dev.topowatch.topology.gpu;

/**
 * What the back end knows of its device.
 *
 * @param driverVersion the CUDA version the driver supports, e.g. 13000
 * @param sharedMemoryPerBlock the most dynamic shared memory one block may opt into, in bytes
 */
public record DeviceInfo(
    int ordinal,
    String name,
    int computeMajor,
    int computeMinor,
    long totalMemory,
    int multiprocessors,
    int sharedMemoryPerBlock,
    int maxThreadsPerBlock,
    int driverVersion) {

  /** e.g. {@code sm_90}. */
  public String architecture() {
    return "sm_" + computeMajor + computeMinor;
  }

  /** e.g. {@code 13.0}. */
  public String driverCuda() {
    return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
  }

  static DeviceInfo read(CudaDriver driver, int ordinal) {
    int d = driver.device(ordinal);
    return new DeviceInfo(ordinal, driver.deviceName(d),
        driver.attribute(CudaDriver.ATTR_CC_MAJOR, d), driver.attribute(CudaDriver.ATTR_CC_MINOR, d),
        driver.totalMemory(d), driver.attribute(CudaDriver.ATTR_MULTIPROCESSOR_COUNT, d),
        driver.attribute(CudaDriver.ATTR_MAX_SHARED_PER_BLOCK_OPTIN, d),
        driver.attribute(CudaDriver.ATTR_MAX_THREADS_PER_BLOCK, d), driver.driverVersion());
  }

  @Override
  public String toString() {
    return name + " (" + architecture() + ", " + totalMemory / (1L << 20) + " MiB, " + multiprocessors
        + " multiprocessors), driver CUDA " + driverCuda();
  }
}

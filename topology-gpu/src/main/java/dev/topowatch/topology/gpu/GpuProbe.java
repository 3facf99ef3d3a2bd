package dev.topowatch.topology.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the gpu back end can run here: the CUDA driver library, a driver new enough, a device of
 * compute capability 7.0 or more, and NVRTC. Each missing piece gives one line saying what is
 * missing and what to do. Loads the libraries but compiles nothing; never throws.
 */
public final class GpuProbe {
  /** The oldest driver the back end runs on: CUDA 12.0. */
  static final int MIN_DRIVER = 12000;

  private GpuProbe() {}

  /**
   * The outcome.
   *
   * @param missing one line per missing piece; empty when the back end can run
   */
  public record Result(List<String> missing, Optional<DeviceInfo> device, Optional<String> libcuda,
      Optional<String> nvrtc, Optional<String> nvrtcVersion, CudaDriver driver, Nvrtc compiler) {

    public boolean usable() {
      return missing.isEmpty();
    }

    /** One line: the device and NVRTC, or everything that is missing. */
    public String summary() {
      if (!usable()) {
        return String.join("; ", missing);
      }
      return device.orElseThrow() + ", NVRTC " + nvrtcVersion.orElse("?") + " (" + nvrtc.orElse("?") + ")";
    }
  }

  /** Probes with the settings of this process. */
  public static Result probe() {
    return probe(GpuSettings.fromEnvironment(), System.getenv());
  }

  static Result probe(GpuSettings settings, Map<String, String> env) {
    List<String> missing = new ArrayList<>();
    CudaDriver driver = null;
    DeviceInfo device = null;
    int driverMajor = 0;
    Optional<NativeLibraries.Loaded> cuda = NativeLibraries.load(settings.libcuda());
    if (cuda.isEmpty()) {
      missing.add("no NVIDIA driver: " + settings.libcuda() + " not found (install the NVIDIA driver, "
          + "or name the library with TOPOWATCH_GPU_LIBCUDA)");
    } else {
      try {
        driver = CudaDriver.bind(cuda.get());
        device = device(driver, settings, missing);
        driverMajor = device != null ? device.driverVersion() / 1000 : 0;
      } catch (RuntimeException e) {
        missing.add("the CUDA driver " + cuda.get().where() + " cannot be used: " + e.getMessage());
        driver = null;
      }
    }
    Nvrtc nvrtc = null;
    String nvrtcVersion = null;
    Optional<NativeLibraries.Loaded> lib = NvrtcLocator.find(settings, driverMajor, env);
    if (lib.isEmpty()) {
      missing.add("no NVRTC: " + NvrtcLocator.searched(settings) + " not found (install the CUDA toolkit or "
          + "`pip install nvidia-cuda-nvrtc`, or name the library with TOPOWATCH_GPU_NVRTC)");
    } else {
      try {
        nvrtc = Nvrtc.bind(lib.get());
        int[] v = nvrtc.version();
        nvrtcVersion = v[0] + "." + v[1];
        if (driverMajor > 0 && v[0] > driverMajor) {
          missing.add("NVRTC " + nvrtcVersion + " (" + lib.get().where() + ") makes code for CUDA " + v[0]
              + " but the driver supports CUDA " + device.driverCuda() + ": install NVRTC " + driverMajor
              + " or a newer NVIDIA driver");
        }
      } catch (RuntimeException e) {
        missing.add("NVRTC " + lib.get().where() + " cannot be used: " + e.getMessage());
        nvrtc = null;
      }
    }
    return new Result(List.copyOf(missing), Optional.ofNullable(device), cuda.map(NativeLibraries.Loaded::where),
        lib.map(NativeLibraries.Loaded::where), Optional.ofNullable(nvrtcVersion), driver, nvrtc);
  }

  /** Starts the driver and reads the device; adds a line and returns null when that fails. */
  private static DeviceInfo device(CudaDriver driver, GpuSettings settings, List<String> missing) {
    try {
      driver.init();
    } catch (CudaException e) {
      missing.add(e.code() == 100 ? "no CUDA device: cuInit reports CUDA_ERROR_NO_DEVICE"
          : "the CUDA driver does not start: " + e.getMessage());
      return null;
    }
    int version = driver.driverVersion();
    if (version < MIN_DRIVER) {
      missing.add("driver too old: it supports CUDA " + version / 1000 + "." + version % 1000 / 10
          + ", the gpu back end needs CUDA 12.0 or newer (NVIDIA driver 525 or later)");
      return null;
    }
    int count = driver.deviceCount();
    if (count <= settings.device()) {
      missing.add(count == 0 ? "no CUDA device: the driver sees none"
          : "no CUDA device " + settings.device() + ": the driver sees " + count + " (TOPOWATCH_GPU_DEVICE)");
      return null;
    }
    DeviceInfo info = DeviceInfo.read(driver, settings.device());
    if (info.computeMajor() < 7) {
      missing.add(info.name() + " has compute capability " + info.computeMajor() + "." + info.computeMinor()
          + "; the gpu back end needs 7.0 or newer");
      return null;
    }
    return info;
  }
}

package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that start the whole analyzer on the emulated GPU: before each test, the {@code
 * topowatch.gpu.*} system properties name the emulated driver and NVRTC (with a fresh kernel cache,
 * 64 threads per block since each emulated thread is a real one) and the device is healthy; after it,
 * the device is healthy again, the properties are as they were and the cache is gone. Register it with
 * {@code @RegisterExtension}.
 */
public final class EmulatedGpuProperties implements BeforeEachCallback, AfterEachCallback {
  private final Map<String, String> before = new HashMap<>();
  private Path cache;

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      cache = Files.createTempDirectory("topowatch-emulated-kernels");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    use("topowatch.gpu.libcuda", EmulatedCuda.driverLibrary().toString());
    use("topowatch.gpu.nvrtc", EmulatedCuda.nvrtcLibrary().toString());
    use("topowatch.gpu.cache-dir", cache.toString());
    use("topowatch.gpu.block-threads", "64");
    EmulatedCuda.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EmulatedCuda.reset();
    before.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    before.clear();
    try (var files = Files.walk(cache)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void use(String key, String value) {
    before.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }
}

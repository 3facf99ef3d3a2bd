package dev.topowatch.it.web;

import static dev.topowatch.it.web.PageProbe.points;
import static dev.topowatch.it.web.PageProbe.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.topology.gpu.EmulatedCuda;
import dev.topowatch.topology.gpu.EmulatedCuda.FaultMode;
import dev.topowatch.topology.gpu.EmulatedGpuProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The run page's verdict when the analyzer's GPU fails: the analyzer runs with {@code
 * engine.backend=gpu} on the emulated CUDA driver, whose kernel then faults (a sticky error); the
 * page, open on the run, turns "Unhealthy" and says that no sample is computed until a restart and
 * that none is lost, with the driver's error.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // about 30 s on an idle 2-core machine
class EngineFailureBrowserTest {

  private static final String RUN = "gpu-page-run";
  /** Everything here is already in the analyzer or a step away; the page asks /health every 15 s. */
  private static final Duration SETTLE = Duration.ofSeconds(90);
  @RegisterExtension final EmulatedGpuProperties gpu = new EmulatedGpuProperties();

  @Test
  void theVerdictSaysTheEngineFailedAndNothingIsLost(@TempDir Path dir) throws Exception {
    try (AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(Map.of(
            AnalyzerConfig.HTTP_PORT, "0",
            AnalyzerConfig.KAFKA_PORT, "0",
            AnalyzerConfig.DATA_DIR, dir.toString(),
            AnalyzerConfig.ENGINE_BACKEND, "gpu")));
        SyntheticRun run = new SyntheticRun(analyzer.bootstrapServers(), RUN, 2);
        HeadlessChromium chromium = new HeadlessChromium(1200, 900)) {
      run.started();
      run.step(0);
      run.step(1);
      var driver = chromium.driver;
      driver.get("http://127.0.0.1:" + analyzer.httpPort() + "/runs/" + RUN);
      await().atMost(SETTLE).ignoreExceptions().until(() -> points(driver, "loss") == 2 && points(driver, "theta") > 0);
      assertThat(text(driver, "[data-verdict]")).doesNotContain("engine failed");
      assertThat(driver.findElement(By.cssSelector("[data-verdict]")).getAttribute("data-verdict")).isNotEqualTo("bad");

      EmulatedCuda.fault("cuLaunchKernel", 1, EmulatedCuda.CUDA_ERROR_ILLEGAL_ADDRESS, FaultMode.STICKY);
      run.step(2);
      await().atMost(SETTLE).ignoreExceptions().until(() -> text(driver, "[data-verdict]").contains("engine failed"));
      assertThat(driver.findElement(By.cssSelector("[data-verdict]")).getAttribute("data-verdict")).isEqualTo("bad");
      // Which driver call reports a kernel's fault first depends on timing, as on a device: any of them.
      assertThat(text(driver, "[data-verdict] li.bad")).matches("the gpu engine failed \\(sticky\\): cu\\w+ failed: "
          + "CUDA_ERROR_ILLEGAL_ADDRESS \\(an illegal memory access was encountered\\) — no sample is computed until the analyzer "
          + "restarts; they are kept, not lost");
      chromium.screenshot(Path.of("target", "screenshots", "engine-failed.png"));
      assertThat(chromium.consoleErrors()).as("console errors but /health's 503").allSatisfy(e -> assertThat(e).contains("/health", "503"));
    }
  }
}

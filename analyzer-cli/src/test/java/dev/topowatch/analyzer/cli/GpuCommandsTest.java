package dev.topowatch.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpu-info, bench and betti --backend gpu on a machine without a GPU (the driver library is named
 * as absent, so that the result is the same on a machine that has one).
 */
@Timeout(120)
class GpuCommandsTest {
  private static final String LIBCUDA = "topowatch.gpu.libcuda";
  private String before;

  @BeforeEach
  void noDriver() {
    before = System.getProperty(LIBCUDA);
    System.setProperty(LIBCUDA, "/nonexistent/libcuda.so.1");
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(LIBCUDA);
    } else {
      System.setProperty(LIBCUDA, before);
    }
  }

  @Test
  void gpuInfoSaysWhatIsMissing() throws Exception {
    CliTest.Run r = CliTest.run("gpu-info");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode json = r.json();
    assertThat(json.get("usable").asBoolean()).isFalse();
    assertThat(json.get("missing").get(0).asText())
        .isEqualTo("no NVIDIA driver: /nonexistent/libcuda.so.1 not found (install the NVIDIA driver, or name the library with TOPOWATCH_GPU_LIBCUDA)");
    assertThat(json.get("device").isNull()).isTrue();
  }

  @Test
  void bettiWithTheGpuAskedForFailsWithWhatIsMissing(@TempDir Path dir) throws Exception {
    Path loop = dir.resolve("loop_3x3.npy");
    try (var in = GpuCommandsTest.class.getResourceAsStream("/npy/loop_3x3.npy")) {
      Files.copy(in, loop);
    }
    CliTest.Run r = CliTest.run("betti", loop.toString(), "--backend", "gpu");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("betti: error: gpu back end unavailable: no NVIDIA driver: /nonexistent/libcuda.so.1 not found");
    CliTest.Run auto = CliTest.run("betti", loop.toString(), "--backend", "auto", "--thresholds", "0");
    assertThat(auto.exit()).isZero();
    assertThat(auto.out()).contains("\"betti\":[[1,1]]");
  }

  @Test
  void benchPrintsOneLinePerBackendAndConstructionWithAChecksumOfTheNumbers(@TempDir Path dir) throws Exception {
    CliTest.Run r = CliTest.run("bench", "--volumes", "5", "--shape", "6,7,8", "--construction", "v,t", "--backend", "cpu,auto",
        "--repeat", "2", "--warmup", "0", "--seed", "40", "--save-dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(4);
    ObjectMapper mapper = new ObjectMapper();
    double[] t = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};
    try (CpuBettiEngine cpu = new CpuBettiEngine(1)) {
      for (int i = 0; i < lines.length; i++) {
        JsonNode json = mapper.readTree(lines[i]);
        Construction c = Construction.parse(json.get("construction").asText());
        assertThat(json.get("backend").asText()).isEqualTo("cpu");
        assertThat(json.get("construction").asText()).isEqualTo(i % 2 == 0 ? "v" : "t");
        assertThat(json.get("volumes").asInt()).isEqualTo(5);
        assertThat(json.get("seconds")).hasSize(2);
        assertThat(json.get("volumes_per_second_best").asLong()).isPositive();
        long[][][] expected = cpu.betti(ActivationVolumes.batch(5, 40, 6, 7, 8), c, t);
        assertThat(json.get("checksum").asText()).isEqualTo(BenchCommand.checksum(expected));
        if (i < 2) {
          ByteBuffer saved = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("betti-cpu-" + c.id() + ".i64")))
              .order(ByteOrder.LITTLE_ENDIAN);
          assertThat(saved.getLong(8 * (3 * 8 * 4 + 3 * 2))).isEqualTo(expected[4][2][0]);
        }
      }
    }
    assertThat(Files.size(dir.resolve("volumes.f32"))).isEqualTo(5L * 6 * 7 * 8 * 4);
    assertThat(mapper.readTree(lines[2]).get("reason").asText()).startsWith("auto picked cpu").contains("passed over gpu");
  }

  @Test
  void benchWithQuantilesGivesEachVolumeItsOwnThresholds() throws Exception {
    CliTest.Run r = CliTest.run("bench", "--volumes", "3", "--shape", "5,5,5", "--quantiles", "--thresholds", "0.5,0.9",
        "--repeat", "1", "--warmup", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("quantiles").asBoolean()).isTrue();
    assertThat(json.get("thresholds").toString()).isEqualTo("[0.5,0.9]");
  }
}

package dev.topowatch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.experiment.alerts.Promtool;
import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Budget;
import dev.topowatch.experiment.grid.Kind;
import dev.topowatch.experiment.grid.RunSpec;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.DepthTrend;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The experiment command end to end on the tiny budget: six real training jobs (one per kind and α)
 * through the agent, the embedded broker and the analyzer, then the report from the CSV files alone.
 * Checks that every file is written and its values are sane, that the analyzer's θ is the formula over
 * the recorded Ω of the spatial layers, and that the generated alert replay passes promtool.
 */
class ExperimentCommandTest {

  @TempDir
  Path dir;

  @Test
  @Timeout(600) // 300 s measured on 2026-12-07 with the 2-core machine at load 30; 69 s when idle
  void tinyGridThenReportWritesEveryFileWithSaneValues() throws Exception {
    Path grid = dir.resolve("grid");
    assertThat(new CommandLine(new Experiment()).execute("run", "--budget", "tiny", "--out", grid.toString())).isZero();

    List<RunSpec> plan = Budget.TINY.plan();
    GridData data = GridData.read(grid);
    assertThat(data.runs()).extracting(RunData::id).containsExactlyInAnyOrderElementsOf(plan.stream().map(RunSpec::id).toList());
    for (RunSpec spec : plan) {
      Path runDir = grid.resolve("runs").resolve(spec.id());
      for (String f : RunData.FILES) {
        assertThat(runDir.resolve(f)).as(spec.id() + "/" + f).isRegularFile();
      }
      RunData run = RunData.read(runDir);
      assertThat(run.steps().size()).isEqualTo(spec.totalSteps());
      for (int r = 0; r < run.steps().size(); r++) {
        assertThat(run.steps().num(r, "loss")).isFinite().isPositive();
        assertThat(run.steps().num(r, "accuracy")).isBetween(0.0, 1.0);
      }
      assertThat(run.epochs().size()).isEqualTo(spec.epochs());
      assertThat(run.lastEpoch("validation_accuracy")).isBetween(0.0, 1.0);
      assertThat(run.test().num(0, "images")).isEqualTo(spec.testImages());
      assertThat(run.testAccuracy()).isBetween(0.0, 1.0);
      assertThat(run.test().num(0, "test_logit_norm")).isFinite().isPositive();

      // The deep CNN: 16 blocks, 12 of them spatial, 5 of those a ReLU right after its convolution; the demo's small CNN:
      // 10 blocks, 6 spatial (flatten and dense are not), 2 of them such ReLUs. Duplicates do not enter θ.
      int layerCount = spec.model().equals("deep") ? 16 : 10;
      int spatialCount = spec.model().equals("deep") ? 7 : 4;
      Csv summary = Csv.read(runDir.resolve("run.csv"));
      assertThat(summary.num(0, "samples_processed") + summary.num(0, "samples_rejected"))
          .as("every sample the agent sent was analysed").isEqualTo((double) spec.sampledSteps() * spec.sampleSize() * layerCount);
      List<RunData.Layer> layers = run.layerList();
      assertThat(layers).hasSize(layerCount);
      assertThat(layers.stream().filter(RunData.Layer::inTheta).count()).as("spatial layers").isEqualTo(spatialCount);
      assertThat(run.topologyThresholds()).containsExactly("0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75");
      for (String t : run.topologyThresholds()) {
        assertThat(run.topologyRows(t)).hasSize(spec.sampledSteps());
      }
      for (int row = 0; row < run.topology().size(); row++) {
        double[] spatial = new double[spatialCount];
        int k = 0;
        for (RunData.Layer l : layers) {
          double omega = run.topology().num(row, "omega_" + l.index());
          assertThat(omega).isGreaterThanOrEqualTo(0);
          if (l.inTheta()) {
            spatial[k++] = omega;
          }
        }
        assertThat(run.topology().num(row, "layers_in_theta")).isEqualTo(spatialCount);
        assertThat(run.topology().num(row, "theta")).as("θ = the formula over the spatial layers' Ω (CSV: 6 digits)")
            .isCloseTo(DecayRate.theta(spatial), within(1e-5));
      }
      // b0, b1, b2 recorded apart; their sum is Ω; the dead fraction is a share; ρ is Spearman's over the layers in θ.
      Csv betti = Csv.read(runDir.resolve("betti.csv"));
      assertThat(betti.size()).isEqualTo(spec.sampledSteps() * layerCount * 8);
      for (int r = 0; r < betti.size(); r++) {
        double sum = betti.num(r, "b0") + (Double.isNaN(betti.num(r, "b1")) ? 0 : betti.num(r, "b1"))
            + (Double.isNaN(betti.num(r, "b2")) ? 0 : betti.num(r, "b2"));
        assertThat(sum).isCloseTo(betti.num(r, "omega"), within(1e-6));
        assertThat(betti.num(r, "dead_fraction")).isBetween(0.0, 1.0);
      }
      Csv trend = Csv.read(runDir.resolve("trend.csv"));
      java.util.Map<String, Double> rho = new java.util.HashMap<>();
      for (int r = 0; r < trend.size(); r++) {
        rho.put((long) trend.num(r, "step") + "@" + trend.text(r, "threshold"), trend.num(r, "depth_trend"));
      }
      assertThat(rho).hasSize(run.topology().size());
      for (int row = 0; row < run.topology().size(); row++) {
        double[] in = layers.stream().filter(RunData.Layer::inTheta).mapToDouble(l -> 0).toArray();
        int k = 0;
        for (RunData.Layer l : layers) {
          if (l.inTheta()) {
            in[k++] = run.topology().num(row, "omega_" + l.index());
          }
        }
        double expected = DepthTrend.spearman(in);
        double recorded = rho.get((long) run.topology().num(row, "step") + "@" + run.topology().text(row, "threshold"));
        if (Double.isNaN(expected)) {
          assertThat(recorded).isNaN();
        } else {
          assertThat(recorded).as("ρ over the layers in θ").isCloseTo(expected, within(1e-5));
        }
      }
      if (spec.kind() == Kind.HEALTHY) {
        Csv claims = run.claims().orElseThrow();
        // 2 subsets trained at 28, init at 28, trained at 56 (subset 0): 4 measurements × 16 layers × 8 thresholds.
        assertThat(claims.size()).isEqualTo(4 * 16 * 8);
        for (int r = 0; r < claims.size(); r++) {
          assertThat(claims.num(r, "omega")).isCloseTo(claims.num(r, "b0") + claims.num(r, "b1") + claims.num(r, "b2"), within(1e-9));
        }
      }
    }

    Path docs = dir.resolve("docs");
    Path suite = dir.resolve("tests").resolve("replay_test.yml");
    assertThat(new CommandLine(new Experiment()).execute("report", "--grid", grid.toString(), "--out", docs.toString(),
        "--rule-suite", suite.toString(), "--rules", RepoLayout.find().rulesFile().toString(),
        "--early-warning", RepoLayout.find().root().resolve("docs/results/early-warning").toString(),
        "--paper-bettis", paperArrays(dir.resolve("paper")).toString())).isZero();
    String page = Files.readString(docs.resolve("results.md"));
    assertThat(page).contains("## Findings", "## Early warning: runs that die gradually", "| T-perc | topology |",
        "## θ is not the direction of Ω over depth", "## The grid", "## Over training", "## Across runs", "## Which layers enter",
        "## The paper's claims, re-measured", "## PowerGrad by α", "## θ on the authors' released arrays", "## Alerts replayed");
    List<String> images = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\((results/[^)]+\\.png)\\)").matcher(page);
    while (m.find()) {
      images.add(m.group(1));
    }
    assertThat(images).hasSizeGreaterThanOrEqualTo(10);
    for (String image : images) {
      byte[] png = Files.readAllBytes(docs.resolve(image));
      assertThat(png.length).as(image).isGreaterThan(5_000);
      assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).as(image + " is a PNG").isEqualTo("PNG");
    }
    assertThat(docs.resolve("results/grid/runs/healthy-s1/topology.csv")).isRegularFile();
    Promtool.Result replay = Promtool.find().test(suite.getParent(), suite);
    assertThat(replay.exitCode()).as(replay.output()).isZero();
    assertThat(Files.readString(suite)).contains("healthy-s1 (healthy)", "diverging-s1 (diverging)");
  }

  /** Seven small random Betti arrays under the names the authors' data set uses (tests may not read ../shared). */
  private static Path paperArrays(Path dir) throws Exception {
    Files.createDirectories(dir);
    Random random = new Random(5);
    for (String name : List.of("vgg16", "resnet18", "resnet50", "resnet152", "mobilenetv2", "densenet121", "densenet201")) {
      int[] shape = {2, 3, 4 + random.nextInt(4), 3};
      long[] values = new long[shape[0] * shape[1] * shape[2] * shape[3]];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(50);
      }
      Files.write(dir.resolve(name + ".npy"), npyInt64(shape, values));
    }
    return dir;
  }

  private static byte[] npyInt64(int[] shape, long[] values) {
    StringBuilder header = new StringBuilder("{'descr': '<i8', 'fortran_order': False, 'shape': (");
    for (int d : shape) {
      header.append(d).append(", ");
    }
    header.append("), }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xFF);
    out.write(header.length() >> 8);
    out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
    ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      data.putLong(v);
    }
    out.writeBytes(data.array());
    return out.toByteArray();
  }
}

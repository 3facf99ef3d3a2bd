package dev.topowatch.analyzer.cli;

import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times the engine on a generated workload ({@link ActivationVolumes}, the one
 * generator of every benchmark) from Java {@code float[]} volumes in to Betti numbers out, for each
 * back end and construction asked for, side by side in one process on one workload. One JSON line
 * per back end and construction, with a checksum of the Betti numbers so that back ends can be
 * compared for exactness too.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Times the Betti engine on generated activation-like volumes (float[] in, Betti numbers out).",
        "Prints one JSON line per back end and construction: seconds per repeat, volumes/s, a checksum."})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--volumes", defaultValue = "1000", description = "Volumes per engine call. Default: ${DEFAULT-VALUE}.")
  int volumes;

  @Option(names = "--shape", split = ",", defaultValue = "32,28,28", description = "Shape of each volume. Default: ${DEFAULT-VALUE}.")
  int[] shape;

  @Option(names = "--thresholds", split = ",", defaultValue = "0,0.25,0.5,0.75,1,1.25,1.5,1.75",
      description = "Thresholds (quantiles q with --quantiles). Default: the paper's 8.")
  double[] thresholds;

  @Option(names = "--quantiles", description = "Thresholds are quantiles of each volume: one threshold list per volume.")
  boolean quantiles;

  @Option(names = "--construction", split = ",", defaultValue = "v", converter = BettiCommand.ConstructionConverter.class,
      description = "v, t or v,t. Default: ${DEFAULT-VALUE}.")
  Construction[] constructions;

  @Option(names = "--backend", split = ",", defaultValue = "cpu", converter = BettiCommand.BackendConverter.class,
      description = "One or more of cpu, gpu, auto, comma-separated. Default: ${DEFAULT-VALUE}.")
  String[] backends;

  @Option(names = "--repeat", defaultValue = "5", description = "Timed calls per back end. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed calls first. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--seed", defaultValue = "1000", description = "First volume's seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--save-dir", description = "Write volumes.f32 (raw little-endian) and betti-BACKEND-C.i64 there.")
  Path saveDir;

  @Override
  public Integer call() throws IOException {
    if (volumes < 1 || repeat < 1 || warmup < 0) {
      throw new IllegalArgumentException("--volumes and --repeat must be at least 1, --warmup at least 0");
    }
    long genStart = System.nanoTime();
    List<Volume> batch = IntStream.range(0, volumes).parallel()
        .mapToObj(i -> ActivationVolumes.one(seed + i, shape)).toList();
    double generate = (System.nanoTime() - genStart) / 1e9;
    List<double[]> perVolume = new ArrayList<>();
    if (quantiles) {
      ThresholdSpec spec = new ThresholdSpec(thresholds, true);
      batch.forEach(v -> perVolume.add(spec.resolve(v.data())));
    }
    if (saveDir != null) {
      Files.createDirectories(saveDir);
      saveVolumes(batch, saveDir.resolve("volumes.f32"));
    }
    for (String backend : backends) {
      long openStart = System.nanoTime();
      BettiEngines.Choice choice = BettiEngines.open(backend);
      double open = (System.nanoTime() - openStart) / 1e9;
      try (BettiEngine engine = choice.engine()) {
        for (Construction c : constructions) {
          long[][][] betti = null;
          for (int i = 0; i < warmup; i++) {
            betti = run(engine, batch, c, perVolume);
          }
          double[] seconds = new double[repeat];
          for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            betti = run(engine, batch, c, perVolume);
            seconds[i] = (System.nanoTime() - start) / 1e9;
          }
          if (saveDir != null) {
            saveBetti(betti, saveDir.resolve("betti-" + engine.name() + "-" + c.id() + ".i64"));
          }
          CliJson.print(spec.commandLine().getOut(), line(engine.name(), choice.reason(), c, seconds, betti, open, generate));
        }
      }
    }
    return 0;
  }

  private long[][][] run(BettiEngine engine, List<Volume> batch, Construction c, List<double[]> perVolume) {
    return quantiles ? engine.betti(batch, c, perVolume) : engine.betti(batch, c, thresholds);
  }

  private Map<String, Object> line(String backend, String reason, Construction c, double[] seconds, long[][][] betti,
      double open, double generate) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("backend", backend);
    json.put("reason", reason);
    json.put("construction", c.id());
    json.put("volumes", volumes);
    json.put("shape", shape);
    json.put("thresholds", thresholds);
    json.put("quantiles", quantiles);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("seconds", seconds);
    json.put("volumes_per_second_best", Math.round(volumes / sorted[0]));
    json.put("volumes_per_second_median", Math.round(volumes / median));
    json.put("ms_per_call_best", sorted[0] * 1000);
    json.put("open_seconds", open);
    json.put("generate_seconds", generate);
    json.put("checksum", checksum(betti));
    return json;
  }

  /** A hash of every Betti number in order: equal for back ends that agree on every volume. */
  static String checksum(long[][][] betti) {
    long h = 1125899906842597L;
    for (long[][] volume : betti) {
      for (long[] row : volume) {
        for (long x : row) {
          h = 31 * h + x;
        }
      }
    }
    return Long.toHexString(h);
  }

  private static void saveVolumes(List<Volume> batch, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Volume v : batch) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v.asFloatBuffer());
        out.write(b.array());
      }
    }
  }

  private static void saveBetti(long[][][] betti, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long[][] volume : betti) {
        for (long[] row : volume) {
          ByteBuffer b = ByteBuffer.allocate(8 * row.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asLongBuffer().put(row);
          out.write(b.array());
        }
      }
    }
  }
}

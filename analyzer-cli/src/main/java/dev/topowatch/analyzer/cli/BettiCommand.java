package dev.topowatch.analyzer.cli;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code betti FILE.npy [--construction v|t] [--thresholds 0,0.5,1] [--backend cpu|gpu|auto] [--batch]}:
 * prints {@code {"shape":[…],"construction":"v","thresholds":[…],"betti":[[b0,b1,b2],…]}}.
 */
@Command(
    name = "betti",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the Betti numbers of a 1-D, 2-D or 3-D .npy array at each threshold as JSON:",
        "{\"shape\":[..],\"construction\":\"v\",\"thresholds\":[..],\"betti\":[[b0,b1,b2],..]},",
        "one row per threshold, one column per array dimension.",
        "With --batch the first axis indexes samples: \"betti\" holds one such table per sample",
        "and \"mean\" their mean."})
public final class BettiCommand implements Callable<Integer> {
  /** The paper's thresholds, used when none are given: 0, 0.25, …, 1.75. */
  static final double[] DEFAULT_THRESHOLDS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.npy", description = "float32/float64/int/uint8/bool array")
  Path file;

  @Option(names = "--construction", paramLabel = "v|t", defaultValue = "v", converter = ConstructionConverter.class,
      description = "v: entries are vertices (CubicalRipser); t: entries are top cubes (GUDHI). Default: ${DEFAULT-VALUE}.")
  Construction construction;

  @Option(names = "--thresholds", split = ",", paramLabel = "T",
      description = "Comma-separated thresholds; an entry is present when value <= T. Default: 0,0.25,...,1.75.")
  double[] thresholds;

  @Option(names = "--backend", paramLabel = "cpu|gpu|auto", defaultValue = "cpu", converter = BackendConverter.class,
      description = "cpu (pure Java), gpu (CUDA), auto (gpu when one is usable, else cpu). Default: ${DEFAULT-VALUE}.")
  String backend;

  @Option(names = "--batch", description = "The first axis indexes samples: one table per sample plus the mean.")
  boolean batch;

  @Override
  public Integer call() throws IOException {
    NpyArray array = Npy.read(file);
    int[] shape = array.shape();
    double[] t = thresholds == null ? DEFAULT_THRESHOLDS.clone() : thresholds;
    List<Volume> volumes = batch ? samples(array.toFloats(), shape) : List.of(Volume.of(array.toFloats(), shape));
    requireFiniteValues(volumes);
    long[][][] betti;
    try (BettiEngine engine = BettiEngines.open(backend).engine()) {
      betti = engine.betti(volumes, construction, t);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("shape", shape);
    json.put("construction", construction.id());
    json.put("thresholds", t);
    if (batch) {
      json.put("betti", betti);
      json.put("mean", mean(betti));
    } else {
      json.put("betti", betti[0]);
    }
    CliJson.print(spec.commandLine().getOut(), json);
    return 0;
  }

  /**
   * The service's rule (reason {@code non_finite}): a volume without a single finite value has no
   * topology to report. Silent zeros would read as "no structure", which is a different answer.
   */
  private void requireFiniteValues(List<Volume> volumes) {
    for (int i = 0; i < volumes.size(); i++) {
      if (!hasFiniteValue(volumes.get(i))) {
        String which = batch ? "sample " + i + " of " + file : file.toString();
        throw new IllegalArgumentException(which + ": every value is NaN or infinite, nothing to analyse"
            + " (the analyzer rejects such a volume as non_finite)");
      }
    }
  }

  private static boolean hasFiniteValue(Volume v) {
    for (int i = 0; i < v.size(); i++) {
      if (Float.isFinite(v.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static List<Volume> samples(float[] data, int[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "--batch needs an (N, ...) array with 1 to 3 axes per sample, got shape " + Arrays.toString(shape));
    }
    int[] sampleShape = Arrays.copyOfRange(shape, 1, shape.length);
    int per = data.length / Math.max(1, shape[0]);
    List<Volume> out = new ArrayList<>(shape[0]);
    for (int i = 0; i < shape[0]; i++) {
      out.add(Volume.of(Arrays.copyOfRange(data, i * per, (i + 1) * per), sampleShape));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--batch needs at least one sample, got shape " + Arrays.toString(shape));
    }
    return out;
  }

  private static double[][] mean(long[][][] betti) {
    double[][] mean = new double[betti[0].length][betti[0][0].length];
    for (long[][] sample : betti) {
      for (int j = 0; j < mean.length; j++) {
        for (int k = 0; k < mean[j].length; k++) {
          mean[j][k] += (double) sample[j][k] / betti.length;
        }
      }
    }
    return mean;
  }

  /** {@code v} or {@code t}, case-insensitive. */
  static final class ConstructionConverter implements CommandLine.ITypeConverter<Construction> {
    @Override
    public Construction convert(String value) {
      return Construction.parse(value);
    }
  }

  /** A back end found on the class path, or {@code auto}; checked before any engine loads. */
  static final class BackendConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String b = value.trim().toLowerCase(Locale.ROOT);
      if (!BettiEngines.names().contains(b)) {
        throw new CommandLine.TypeConversionException(
            "expected one of " + String.join(", ", BettiEngines.names()) + ", got '" + value + "'");
      }
      return b;
    }
  }
}

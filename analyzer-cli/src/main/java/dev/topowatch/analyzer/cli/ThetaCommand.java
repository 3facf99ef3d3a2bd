package dev.topowatch.analyzer.cli;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.TopologicalComplexity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code theta FILE.npy}: for Betti numbers shaped (n_class, n_samples, n_layers, n_betti), prints
 * {@code {"theta":…,"complexity":[…]}} — the decay rate θ and Ω per layer (spec section 4).
 */
@Command(
    name = "theta",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the decay rate of topological complexity across layers as JSON:",
        "{\"theta\":..,\"complexity\":[Ω per layer]}, from Betti numbers shaped",
        "(n_class, n_samples, n_layers, n_betti) (e.g. saved by the paper's code)."})
public final class ThetaCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.npy", description = "integer (or whole-valued float) Betti numbers")
  Path file;

  @Override
  public Integer call() throws IOException {
    NpyArray array = Npy.read(file);
    double[] omega = TopologicalComplexity.perLayerByClass(bettiArray(array));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("theta", DecayRate.theta(omega));
    json.put("complexity", omega);
    CliJson.print(spec.commandLine().getOut(), json);
    return 0;
  }

  private static long[][][][] bettiArray(NpyArray array) {
    int[] s = array.shape();
    if (s.length != 4 || Arrays.stream(s).anyMatch(d -> d == 0)) {
      throw new IllegalArgumentException(
          "expected a non-empty array shaped (n_class, n_samples, n_layers, n_betti), got " + Arrays.toString(s));
    }
    double[] flat = array.toDoubles();
    long[][][][] out = new long[s[0]][s[1]][s[2]][s[3]];
    int i = 0;
    for (long[][][] c : out) {
      for (long[][] sample : c) {
        for (long[] layer : sample) {
          for (int k = 0; k < layer.length; k++, i++) {
            double b = flat[i];
            if (!(b >= 0) || b != Math.rint(b)) {
              throw new IllegalArgumentException("Betti numbers must be whole numbers >= 0, element " + i + " is " + b);
            }
            layer[k] = (long) b;
          }
        }
      }
    }
    return out;
  }
}

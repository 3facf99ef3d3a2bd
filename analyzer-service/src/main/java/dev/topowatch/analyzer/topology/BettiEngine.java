package dev.topowatch.analyzer.topology;

import dev.topowatch.analyzer.topology.djl.DjlBettiEngine;
import java.util.List;
import java.util.Locale;

/**
 * Exact cubical Betti numbers of many volumes at many thresholds. Implementations are thread-safe
 * and give identical numbers.
 */
public interface BettiEngine extends AutoCloseable {

  /** {@code "cpu"} or {@code "djl"}. */
  String name();

  /**
   * Betti numbers of every volume at every threshold.
   *
   * <p>{@code result[i][j]} holds the Betti numbers of {@code volumes.get(i)} at {@code
   * thresholds[j]}: b0 for a 1-D volume, b0, b1 for 2-D, b0, b1, b2 for 3-D. An entry is in the
   * sublevel set when {@code value <= threshold}; NaN and +∞ never are, −∞ always is.
   *
   * @throws IllegalArgumentException if a threshold is NaN or an argument is null
   */
  long[][][] betti(List<Volume> volumes, Construction construction, double[] thresholds);

  /** Betti numbers at every distinct value of {@code volume}, from one sweep. */
  BettiCurve curve(Volume volume, Construction construction);

  /**
   * Opens a back end by name.
   *
   * @param backend {@code "cpu"} (pure Java, all cores), {@code "djl"} (batched tensors on DJL's
   *     PyTorch engine, on a GPU when it finds one), or {@code "auto"} ({@code djl} only when DJL
   *     reports a GPU, else {@code cpu}); case-insensitive
   * @throws IllegalArgumentException for any other name
   */
  static BettiEngine create(String backend) {
    String b = backend == null ? "" : backend.trim().toLowerCase(Locale.ROOT);
    switch (b) {
      case "cpu":
        return new CpuBettiEngine();
      case "djl":
        return new DjlBettiEngine();
      case "auto":
        return DjlBettiEngine.gpuAvailable() ? new DjlBettiEngine() : new CpuBettiEngine();
      default:
        throw new IllegalArgumentException(
            "unknown backend '" + backend + "': expected 'cpu', 'djl' or 'auto'");
    }
  }

  /** Releases threads or native memory; the engine must not be used afterwards. */
  @Override
  void close();
}

package dev.topowatch.topology;

import java.util.List;

/**
 * Exact cubical Betti numbers of many volumes at many thresholds. Implementations are thread-safe
 * and give identical numbers. Back ends are opened by name through {@link BettiEngines}, which finds
 * them with {@link java.util.ServiceLoader} ({@link BettiEngineProvider}).
 */
public interface BettiEngine extends AutoCloseable {

  /** The back end's name, as {@link BettiEngines#open(String)} takes it ({@code "cpu"}, {@code "gpu"}). */
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

  /**
   * Betti numbers of every volume at its own thresholds: {@code thresholds[i]} belongs to {@code
   * volumes.get(i)} (quantile thresholds differ from volume to volume). The default computes one
   * volume at a time; a back end that batches overrides it.
   *
   * @throws IllegalArgumentException if the two lists differ in length, a threshold is NaN or an
   *     argument is null
   */
  default long[][][] betti(List<Volume> volumes, Construction construction, List<double[]> thresholds) {
    if (volumes == null || thresholds == null || volumes.size() != thresholds.size()) {
      throw new IllegalArgumentException("one threshold array per volume is needed, got "
          + (volumes == null ? "null" : volumes.size()) + " volumes and "
          + (thresholds == null ? "null" : thresholds.size()) + " threshold arrays");
    }
    long[][][] out = new long[volumes.size()][][];
    for (int i = 0; i < out.length; i++) {
      out[i] = betti(List.of(volumes.get(i)), construction, thresholds.get(i))[0];
    }
    return out;
  }

  /** Betti numbers at every distinct value of {@code volume}, from one sweep. */
  BettiCurve curve(Volume volume, Construction construction);

  /** Releases threads or native memory; the engine must not be used afterwards. */
  @Override
  void close();
}

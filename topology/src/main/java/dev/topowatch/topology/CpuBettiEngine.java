package dev.topowatch.topology;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The pure-Java back end: union-find sweeps and an Euler stencil on primitive arrays. A batch is
 * spread over a private fork-join pool, one volume per task.
 */
public final class CpuBettiEngine implements BettiEngine {
  /** A single volume at least this large runs its three passes side by side. */
  static final int PARALLEL_MIN_CELLS = 1 << 16;

  private final ForkJoinPool pool;

  /** An engine using every available processor. */
  public CpuBettiEngine() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param parallelism number of worker threads for a batch, at least 1
   * @throws IllegalArgumentException if {@code parallelism < 1}
   */
  public CpuBettiEngine(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    this.pool = new ForkJoinPool(parallelism);
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, double[] thresholds) {
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(construction, "construction");
    Thresholds t = Thresholds.of(thresholds);
    long[][][] out = new long[volumes.size()][][];
    if (volumes.size() <= 1) {
      for (int i = 0; i < volumes.size(); i++) {
        Volume v = Objects.requireNonNull(volumes.get(i), "volume");
        out[i] = rows(BettiSweep.perLevel(LevelGrid.ofThresholds(v, t.sortedView()), construction, v.rank(),
            executorFor(v)), t);
      }
      return out;
    }
    pool.submit(() -> IntStream.range(0, volumes.size()).parallel()
        .forEach(i -> out[i] = one(volumes.get(i), construction, t))).join();
    return out;
  }

  /** Betti numbers of one volume at validated thresholds, on the calling thread. */
  public static long[][] one(Volume volume, Construction construction, Thresholds t) {
    Objects.requireNonNull(volume, "volume");
    LevelGrid g = LevelGrid.ofThresholds(volume, t.sortedView());
    return rows(BettiSweep.perLevel(g, construction, volume.rank()), t);
  }

  /** Per-level results in the caller's threshold order. */
  private static long[][] rows(long[][] perLevel, Thresholds t) {
    long[][] rows = new long[t.count()][];
    for (int j = 0; j < rows.length; j++) {
      rows[j] = perLevel[t.levelOf(j)].clone();
    }
    return rows;
  }

  @Override
  public BettiCurve curve(Volume volume, Construction construction) {
    return curveOf(volume, construction, executorFor(Objects.requireNonNull(volume, "volume")));
  }

  /** The Betti curve of one volume on the calling thread. */
  public static BettiCurve curveOf(Volume volume, Construction construction) {
    return curveOf(volume, construction, null);
  }

  private static BettiCurve curveOf(Volume volume, Construction construction, Executor parallel) {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(construction, "construction");
    float[] distinct = DistinctValues.of(volume);
    LevelGrid g = LevelGrid.ofDistinctValues(volume, distinct);
    long[][] betti = BettiSweep.perLevel(g, construction, volume.rank(), parallel);
    double[] values = new double[distinct.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = distinct[i];
    }
    return new BettiCurve(values, betti, volume.rank());
  }

  private Executor executorFor(Volume v) {
    return pool.getParallelism() > 1 && v.size() >= PARALLEL_MIN_CELLS ? pool : null;
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}

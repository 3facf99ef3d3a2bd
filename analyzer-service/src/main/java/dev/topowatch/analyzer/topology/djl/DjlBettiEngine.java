package dev.topowatch.analyzer.topology.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.topowatch.analyzer.topology.BettiCurve;
import dev.topowatch.analyzer.topology.BettiEngine;
import dev.topowatch.analyzer.topology.Construction;
import dev.topowatch.analyzer.topology.Thresholds;
import dev.topowatch.analyzer.topology.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tensor back end (spec section 6): volumes of one shape are stacked, thresholded against all
 * thresholds at once, and reduced with stencil products and pooling on DJL's PyTorch engine, on a
 * GPU when the engine finds one and on the CPU otherwise. Gives the same numbers as {@code cpu}.
 */
public final class DjlBettiEngine implements BettiEngine {
  /** Default bound on volume-threshold cells per tensor batch, to cap native memory. */
  public static final long DEFAULT_CHUNK_CELLS = 1L << 22;

  private static final String ENGINE = "PyTorch";

  private final NDManager manager;
  private final long chunkCells;

  /** An engine on DJL's default device with {@link #DEFAULT_CHUNK_CELLS}. */
  public DjlBettiEngine() {
    this(DEFAULT_CHUNK_CELLS);
  }

  /**
   * @param chunkCells upper bound on (volumes × thresholds × padded cells) per tensor batch; a
   *     single volume at a single threshold is always allowed
   * @throws IllegalArgumentException if {@code chunkCells < 1}
   * @throws IllegalStateException if DJL's PyTorch engine cannot be loaded
   */
  public DjlBettiEngine(long chunkCells) {
    if (chunkCells < 1) {
      throw new IllegalArgumentException("chunkCells must be >= 1, got " + chunkCells);
    }
    this.chunkCells = chunkCells;
    Engine engine;
    try {
      engine = Engine.getEngine(ENGINE);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("DJL's PyTorch engine is not available: " + e.getMessage(), e);
    }
    this.manager = engine.newBaseManager();
  }

  /** Whether DJL's PyTorch engine loads and reports at least one GPU; false when it cannot load. */
  public static boolean gpuAvailable() {
    try {
      return Engine.getEngine(ENGINE).getGpuCount() > 0;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String name() {
    return "djl";
  }

  /** The device tensors run on, e.g. {@code cpu()} or {@code gpu(0)}. */
  public String device() {
    return manager.getDevice().toString();
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, double[] thresholds) {
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(construction, "construction");
    Thresholds t = Thresholds.of(thresholds);
    long[][][] out = new long[volumes.size()][][];
    for (List<Integer> group : byShape(volumes).values()) {
      Volume first = volumes.get(group.get(0));
      long perVolume = (long) t.distinct() * TensorBetti.paddedCells(first);
      int step = (int) Math.max(1, Math.min(group.size(), chunkCells / Math.max(1, perVolume)));
      for (int from = 0; from < group.size(); from += step) {
        List<Integer> idx = group.subList(from, Math.min(group.size(), from + step));
        List<Volume> chunk = new ArrayList<>(idx.size());
        for (int i : idx) {
          chunk.add(volumes.get(i));
        }
        long[][][] perLevel = thresholdsInChunks(chunk, construction, t.sorted());
        for (int c = 0; c < idx.size(); c++) {
          long[][] rows = new long[t.count()][];
          for (int j = 0; j < rows.length; j++) {
            rows[j] = perLevel[c][t.levelOf(j)].clone();
          }
          out[idx.get(c)] = rows;
        }
      }
    }
    return out;
  }

  @Override
  public BettiCurve curve(Volume volume, Construction construction) {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(construction, "construction");
    double[] values = volume.distinctValues();
    long[][] betti = thresholdsInChunks(List.of(volume), construction, values)[0];
    return BettiCurve.of(values, betti, volume.rank());
  }

  /** [volume][threshold][k] for sorted thresholds, splitting the thresholds to respect the chunk bound. */
  private long[][][] thresholdsInChunks(List<Volume> chunk, Construction construction, double[] sorted) {
    long perThreshold = (long) chunk.size() * TensorBetti.paddedCells(chunk.get(0));
    int step = (int) Math.max(1, Math.min(Math.max(1, sorted.length), chunkCells / perThreshold));
    long[][][] out = new long[chunk.size()][sorted.length][];
    for (int from = 0; from < sorted.length; from += step) {
      double[] part = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + step));
      try (NDManager scope = manager.newSubManager()) {
        long[][][] r = TensorBetti.compute(scope, chunk, construction, part);
        for (int v = 0; v < chunk.size(); v++) {
          System.arraycopy(r[v], 0, out[v], from, part.length);
        }
      }
    }
    return out;
  }

  private static Map<List<Integer>, List<Integer>> byShape(List<Volume> volumes) {
    Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = Objects.requireNonNull(volumes.get(i), "volume " + i);
      List<Integer> key = Arrays.stream(v.shape()).boxed().toList();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  @Override
  public void close() {
    manager.close();
  }
}

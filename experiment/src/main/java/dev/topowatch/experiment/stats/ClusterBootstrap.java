package dev.topowatch.experiment.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Percentile bootstrap over clusters: each resample draws as many clusters as there are, with
 * replacement, and keeps all members of each drawn cluster (the zoo's two seeds of one architecture
 * are not independent models). The statistic sees the resampled member indices; resamples where it
 * is NaN are left out.
 */
public final class ClusterBootstrap {

  /** The 2.5th and 97.5th percentiles and how many resamples gave a finite value. */
  public record Interval(double low, double high, int resamples) {}

  private ClusterBootstrap() {}

  /**
   * @param clusters the cluster of each member
   * @param statistics named statistics of a list of member indices
   * @return each statistic's 95 % interval, in the given order
   */
  public static Map<String, Interval> intervals(String[] clusters, Map<String, Function<int[], Double>> statistics,
      int resamples, long seed) {
    Map<String, List<Integer>> members = new LinkedHashMap<>();
    for (int i = 0; i < clusters.length; i++) {
      members.computeIfAbsent(clusters[i], k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> groups = new ArrayList<>(members.values());
    Map<String, double[]> draws = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    statistics.keySet().forEach(k -> {
      draws.put(k, new double[resamples]);
      counts.put(k, 0);
    });
    Random random = new Random(seed);
    for (int b = 0; b < resamples; b++) {
      List<Integer> idx = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        idx.addAll(groups.get(random.nextInt(groups.size())));
      }
      int[] sample = idx.stream().mapToInt(Integer::intValue).toArray();
      for (Map.Entry<String, Function<int[], Double>> s : statistics.entrySet()) {
        double v = s.getValue().apply(sample);
        if (Double.isFinite(v)) {
          int n = counts.get(s.getKey());
          draws.get(s.getKey())[n] = v;
          counts.put(s.getKey(), n + 1);
        }
      }
    }
    Map<String, Interval> out = new LinkedHashMap<>();
    for (String k : statistics.keySet()) {
      int n = counts.get(k);
      double[] v = Arrays.copyOf(draws.get(k), n);
      Arrays.sort(v);
      out.put(k, n == 0 ? new Interval(Double.NaN, Double.NaN, 0) : new Interval(percentile(v, 0.025), percentile(v, 0.975), n));
    }
    return out;
  }

  /** Linear interpolation between order statistics (numpy's default). */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}

package dev.topowatch.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClusterBootstrapTest {

  @Test
  void clustersTravelTogether() {
    // two clusters of two members: a resample holds 4 members, 0 or 2 or 4 from cluster "a"
    String[] clusters = {"a", "a", "b", "b"};
    Map<String, Function<int[], Double>> stats = new LinkedHashMap<>();
    stats.put("share_a", idx -> {
      int a = 0;
      for (int i : idx) {
        a += i < 2 ? 1 : 0;
      }
      assertThat(idx).hasSize(4);
      return a / 4.0;
    });
    ClusterBootstrap.Interval i = ClusterBootstrap.intervals(clusters, stats, 2000, 1).get("share_a");
    assertThat(i.low()).isEqualTo(0.0);
    assertThat(i.high()).isEqualTo(1.0);
    assertThat(i.resamples()).isEqualTo(2000);
  }

  @Test
  void perfectAgreementHasANarrowInterval() {
    String[] clusters = new String[20];
    double[] x = new double[20];
    for (int i = 0; i < 20; i++) {
      clusters[i] = "c" + i / 2;
      x[i] = i;
    }
    Map<String, Function<int[], Double>> stats = Map.of("tau", idx -> {
      double[] a = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        a[k] = x[idx[k]];
      }
      return KendallTau.tau(a, a);
    });
    ClusterBootstrap.Interval i = ClusterBootstrap.intervals(clusters, stats, 500, 2).get("tau");
    assertThat(i.low()).isCloseTo(1.0, within(1e-12));
    assertThat(i.high()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void percentileInterpolatesAsNumpy() {
    // numpy.percentile([1, 2, 3, 4], 2.5) = 1.075, (…, 97.5) = 3.925
    assertThat(ClusterBootstrap.percentile(new double[] {1, 2, 3, 4}, 0.025)).isCloseTo(1.075, within(1e-12));
    assertThat(ClusterBootstrap.percentile(new double[] {1, 2, 3, 4}, 0.975)).isCloseTo(3.925, within(1e-12));
  }
}

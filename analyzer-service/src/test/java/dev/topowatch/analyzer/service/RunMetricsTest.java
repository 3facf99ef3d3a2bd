package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

  @Test
  void aRunsMetersAppearWithItAndAreRemovedAfterItsIdleTimeout() {
    AtomicLong clock = new AtomicLong(0);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RunRegistry runs = new RunRegistry(new RunRegistry.Settings(List.of("0", "0.5"), 8, 8, 5,
        Duration.ofSeconds(1), Duration.ofMinutes(10)), clock::get);
    new RunMetrics(runs).bindTo(meters);
    runs.apply("r", new RunEvent.SampleApplied(0, 0, 0, "conv", 0, new int[] {2, 2, 2}, new long[][] {{2, 1, 0}, {1, 0, 0}}, 0));
    runs.apply("r", new RunEvent.SampleApplied(0, 0, 1, "fc", 0, new int[] {4}, new long[][] {{3}, {1}}, 0));
    clock.addAndGet(2_000);
    runs.tick(); // closes step 0 by the layer wait
    assertThat(meters.get("topowatch.betti.number").tags("run_id", "r", "layer", "conv", "dim", "1", "threshold", "0").gauge().value())
        .isEqualTo(1.0);
    assertThat(meters.find("topowatch.betti.number").tags("layer", "fc").gauges()).hasSize(2); // b0 at two thresholds
    assertThat(meters.get("topowatch.topological.complexity").tags("run_id", "r", "layer", "fc", "threshold", "0.5").gauge().value())
        .isEqualTo(1.0);
    assertThat(meters.get("topowatch.samples.processed").tags("run_id", "r").functionCounter().count()).isEqualTo(2.0);
    assertThat(meters.get("topowatch.run.active").tags("run_id", "r").gauge().value()).isEqualTo(1.0);
    assertThat(meters.get("topowatch.powergrad.alpha").tags("run_id", "r").gauge().value()).isEqualTo(1.0);

    clock.addAndGet(Duration.ofMinutes(11).toMillis());
    runs.tick();
    assertThat(meters.getMeters()).noneMatch(m -> "r".equals(m.getId().getTag("run_id")));
  }
}

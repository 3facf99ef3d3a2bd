package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunSnapshot;
import dev.topowatch.analyzer.stream.RunState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Per-run meters (the contract's {@code run_id} series): registered when a run appears, layer series
 * when a layer is first published, all removed with the run. Gauges read the live {@link RunState}.
 */
public final class RunMetrics implements MeterBinder, RunRegistry.Listener {

  private final RunRegistry runs;
  private final Map<String, List<Meter.Id>> meters = new ConcurrentHashMap<>();
  private final Map<String, Set<Integer>> layersBound = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  public RunMetrics(RunRegistry runs) {
    this.runs = runs;
  }

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    runs.addListener(this);
  }

  @Override
  public synchronized void runAdded(RunState run) {
    if (registry == null || meters.containsKey(run.runId())) {
      return;
    }
    List<Meter.Id> ids = new ArrayList<>();
    meters.put(run.runId(), ids);
    layersBound.put(run.runId(), ConcurrentHashMap.newKeySet());
    Tags tags = Tags.of("run_id", run.runId());
    ids.add(FunctionCounter.builder("topowatch.samples.processed", run, RunState::samplesProcessed)
        .description("Samples whose Betti numbers were applied").tags(tags).register(registry).getId());
    gauge(ids, "topowatch.run.active", "1 from RunStarted or the first record until RunFinished, then 0", tags, run,
        r -> r.active() ? 1 : 0);
    gauge(ids, "topowatch.powergrad.alpha", "PowerGrad alpha (1 when off)", tags, run, RunState::powergradAlpha);
    gauge(ids, "topowatch.train.step", "Latest step seen", tags, run, RunState::latestStep);
    gauge(ids, "topowatch.train.epoch", "Latest epoch seen", tags, run, RunState::latestEpoch);
    gauge(ids, "topowatch.train.loss", "Latest StepMetrics loss", tags, run, r -> step(r, RunEvent.StepMetrics::loss));
    gauge(ids, "topowatch.train.accuracy", "Latest StepMetrics accuracy", tags, run, r -> step(r, RunEvent.StepMetrics::accuracy));
    gauge(ids, "topowatch.logit.norm", "Mean logit L2 norm of the latest StepMetrics", tags, run,
        r -> step(r, RunEvent.StepMetrics::logitNorm));
    gauge(ids, "topowatch.validation.loss", "Latest EpochMetrics validation loss", tags, run,
        r -> epoch(r, e -> e.hasValidation() ? e.validationLoss() : Double.NaN));
    gauge(ids, "topowatch.validation.accuracy", "Latest EpochMetrics validation accuracy", tags, run,
        r -> epoch(r, e -> e.hasValidation() ? e.validationAccuracy() : Double.NaN));
    gauge(ids, "topowatch.generalization.gap", "Training minus validation accuracy at the latest epoch", tags, run,
        r -> epoch(r, RunEvent.EpochMetrics::generalizationGap));
    List<String> thresholds = run.thresholds();
    for (int t = 0; t < thresholds.size(); t++) {
      int ti = t;
      Tags tt = tags.and("threshold", thresholds.get(t));
      gauge(ids, "topowatch.topological.decay.rate", "Decay rate theta of Omega over depth at the latest step", tt, run,
          r -> r.latestTheta(ti));
      gauge(ids, "topowatch.depth.trend",
          "Spearman rho of Omega against layer index over the layers in theta at the latest step (below 0: complexity falls with depth)",
          tt, run, r -> r.latestDepthTrend(ti));
      gauge(ids, "topowatch.late.layer.complexity", "Mean Omega over the last quarter of the layers at the latest step", tt, run,
          r -> r.latestLateLayerComplexity(ti));
    }
  }

  @Override
  public synchronized void published(RunState run) {
    List<Meter.Id> ids = meters.get(run.runId());
    Set<Integer> bound = layersBound.get(run.runId());
    if (ids == null) {
      return;
    }
    for (RunSnapshot.LayerView layer : run.layers()) {
      if (!bound.add(layer.index())) {
        continue;
      }
      int index = layer.index();
      Tags tags = Tags.of("run_id", run.runId(), "layer", layer.name());
      gauge(ids, "topowatch.layer.dead.fraction", "Share of the layer's sampled activations that are <= 0 at its latest step", tags,
          run, r -> layerValue(r, index, RunSnapshot.LayerView::deadFraction));
      List<String> thresholds = run.thresholds();
      int dims = layer.betti().length == 0 ? 0 : layer.betti()[0].length;
      for (int t = 0; t < thresholds.size(); t++) {
        int ti = t;
        Tags tt = tags.and("threshold", thresholds.get(t));
        gauge(ids, "topowatch.topological.complexity", "Omega of the layer at its latest step", tt, run,
            r -> layerValue(r, index, v -> v.omega()[ti]));
        for (int d = 0; d < dims; d++) {
          int di = d;
          gauge(ids, "topowatch.betti.number", "Mean Betti number over the latest step's samples", tt.and("dim", String.valueOf(d)),
              run, r -> layerValue(r, index, v -> di < v.betti()[ti].length ? v.betti()[ti][di] : Double.NaN));
        }
      }
    }
  }

  @Override
  public synchronized void runRemoved(RunState run) {
    List<Meter.Id> ids = meters.remove(run.runId());
    layersBound.remove(run.runId());
    if (ids != null && registry != null) {
      ids.forEach(registry::remove);
    }
  }

  private void gauge(List<Meter.Id> ids, String name, String description, Tags tags, RunState run, ToDoubleFunction<RunState> f) {
    ids.add(Gauge.builder(name, run, f).description(description).tags(tags).register(registry).getId());
  }

  private static double step(RunState r, ToDoubleFunction<RunEvent.StepMetrics> f) {
    RunEvent.StepMetrics m = r.stepMetrics();
    return m == null ? Double.NaN : f.applyAsDouble(m);
  }

  private static double epoch(RunState r, ToDoubleFunction<RunEvent.EpochMetrics> f) {
    RunEvent.EpochMetrics m = r.epochMetrics();
    return m == null ? Double.NaN : f.applyAsDouble(m);
  }

  private static double layerValue(RunState r, int index, Function<RunSnapshot.LayerView, Double> f) {
    RunSnapshot.LayerView v = r.layer(index);
    return v == null ? Double.NaN : f.apply(v);
  }
}

package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.stream.RunRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Periodically closes steps whose {@code engine.layer-wait} ran out (θ with the layers present) and
 * removes runs idle for {@code runs.idle-timeout}, with their meters and saved state; on a worker thread.
 */
public final class HousekeepingVerticle extends VerticleBase {

  private final RunRegistry runs;
  private final PipelineMetrics metrics;
  private long timer = -1;

  HousekeepingVerticle(RunRegistry runs, PipelineMetrics metrics) {
    this.runs = runs;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    AnalyzerConfig config = AnalyzerConfig.fromJson(config());
    long period = Math.max(20, Math.min(1_000, config.layerWait().toMillis() / 5));
    timer = vertx.setPeriodic(period, id -> vertx.<List<Long>>executeBlocking(runs::tick, false)
        .onSuccess(published -> metrics.published(published, System.currentTimeMillis())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}

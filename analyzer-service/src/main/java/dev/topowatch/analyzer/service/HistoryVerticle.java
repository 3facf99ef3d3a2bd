package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.history.HistoryStore;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the run history moving on a worker thread: writes what waits in memory every {@value
 * #FLUSH_MS} ms (which also feeds the page's live events), and applies the retention once a minute,
 * sparing the runs still live.
 */
public final class HistoryVerticle extends VerticleBase {

  static final long FLUSH_MS = 500;
  static final long PRUNE_MS = 60_000;

  private final HistoryStore history;
  private final RunRegistry runs;
  private long flushTimer = -1;
  private long pruneTimer = -1;

  HistoryVerticle(HistoryStore history, RunRegistry runs) {
    this.history = history;
    this.runs = runs;
  }

  @Override
  public Future<?> start() {
    flushTimer = vertx.setPeriodic(FLUSH_MS, id -> vertx.executeBlocking(() -> {
      history.flush();
      return null;
    }, false));
    pruneTimer = vertx.setPeriodic(1, PRUNE_MS, id -> vertx.executeBlocking(() -> history.prune(live()), false));
    return Future.succeededFuture();
  }

  private Set<String> live() {
    return runs.runs().stream().map(RunState::runId).collect(Collectors.toSet());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(pruneTimer);
    return Future.succeededFuture();
  }
}

package dev.topowatch.analyzer.history;

import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunState;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Writes what the live runs publish into the {@link HistoryStore}: a line per run event and per
 * published step, and the counters into the run's summary. Unlike the live state, which keeps the
 * last {@code runs.theta-history} points, the record keeps every step.
 */
public final class RunRecorder implements RunRegistry.Listener {

  private final HistoryStore store;
  private final LongSupplier clock;

  public RunRecorder(HistoryStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void runAdded(RunState run) {
    counts(run);
  }

  @Override
  public void runRemoved(RunState run) {
    store.release(run.runId());
  }

  @Override
  public void published(RunState run) {
    counts(run);
  }

  @Override
  public void applied(RunState run, RunEvent event, List<RunState.StepPublished> steps) {
    String line = HistoryRecords.of(event);
    if (line != null) {
      store.record(run.runId(), run.thresholds(), line, summaryChange(event));
    }
    long now = clock.getAsLong();
    for (RunState.StepPublished step : steps) {
      store.record(run.runId(), run.thresholds(), HistoryRecords.topology(step, run.thresholds(), now), UnaryOperator.identity());
    }
  }

  @Override
  public void sync() {
    store.flush();
  }

  private void counts(RunState run) {
    // Read outside the summary's lock: apply() holds the run's monitor while it records a line (which
    // takes that lock), so taking them the other way round here could deadlock.
    long step = run.latestStep();
    int epoch = run.latestEpoch();
    long processed = run.samplesProcessed();
    long rejected = run.samplesRejected();
    store.update(run.runId(), run.thresholds(), s -> s.withCounts(step, epoch, processed, rejected));
  }

  private static UnaryOperator<RunSummary> summaryChange(RunEvent event) {
    if (event instanceof RunEvent.Started s) {
      return r -> r.withStart(s.jobName(), s.powergradEnabled(), s.powergradEnabled() ? s.powergradAlpha() : null);
    }
    if (event instanceof RunEvent.Finished f) {
      return r -> r.withStatus(f.status());
    }
    return UnaryOperator.identity();
  }
}

package dev.topowatch.analyzer.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live runs this replica holds, each a {@link RunState}. A run is created by its first record
 * (capped at {@code maxLive}; at the cap the longest-idle finished run makes room, else the record is
 * refused) and removed, with its meters, after {@code idleTimeout} without records.
 *
 * <p>Persistence is outside: the registry remembers which runs changed (or were removed) since the
 * last {@link #takeChanges}, and the state store writes their checkpoints before the consumer's
 * offsets move past the records that changed them; {@link #restore} puts a saved run back, and
 * {@link #release} lets go of runs another replica now owns.
 */
public final class RunRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);

  /** Told when runs come, go, or publish new values (the metrics binder and the run history listen). */
  public interface Listener {
    void runAdded(RunState run);

    void runRemoved(RunState run);

    void published(RunState run);

    /** The run moved to another replica (its partition was reassigned); by default as if removed. */
    default void runReleased(RunState run) {
      runRemoved(run);
    }

    /**
     * An event changed the run, and these steps were published by it; called under the run's
     * monitor, in the order the events were applied, so keep it short (no I/O that can block).
     */
    default void applied(RunState run, RunEvent event, List<RunState.StepPublished> steps) {}

    /** {@link #syncAll()} was called before a commit: make what was told so far durable. */
    default void sync() {}
  }

  /** Limits and timings of the registry, and the rule for the layers that enter θ. */
  public record Settings(
      List<String> thresholds, int thetaHistory, int retainedSteps, int maxLive, Duration layerWait, Duration idleTimeout,
      ThetaLayers thetaLayers) {
    /** θ over every layer. */
    public Settings(List<String> thresholds, int thetaHistory, int retainedSteps, int maxLive, Duration layerWait,
        Duration idleTimeout) {
      this(thresholds, thetaHistory, retainedSteps, maxLive, layerWait, idleTimeout, ThetaLayers.ALL);
    }

    /** A copy with another θ layer rule. */
    public Settings withThetaLayers(ThetaLayers rule) {
      return new Settings(thresholds, thetaHistory, retainedSteps, maxLive, layerWait, idleTimeout, rule);
    }
  }

  /** What happened to an event. */
  public enum Outcome { APPLIED, DUPLICATE, STALE, TOO_MANY_RUNS }

  public record Result(Outcome outcome, List<Long> publishedSampleTimes) {}

  /** A run to save: its checkpoint, or null when the run was removed (a tombstone). */
  public record Change(String runId, RunCheckpoint checkpoint) {}

  private final Settings settings;
  private final LongSupplier clock;
  private final Map<String, RunState> runs = new ConcurrentHashMap<>();
  /** Runs changed or removed since the last {@link #takeChanges}. */
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Tells every listener; a fixed object so that call sites read as before there were several. */
  private final Listener listener = new Listener() {
    @Override public void runAdded(RunState run) { listeners.forEach(l -> l.runAdded(run)); }
    @Override public void runRemoved(RunState run) { listeners.forEach(l -> l.runRemoved(run)); }
    @Override public void runReleased(RunState run) { listeners.forEach(l -> l.runReleased(run)); }
    @Override public void published(RunState run) { listeners.forEach(l -> l.published(run)); }
    @Override public void applied(RunState run, RunEvent event, List<RunState.StepPublished> steps) {
      listeners.forEach(l -> l.applied(run, event, steps));
    }
    @Override public void sync() { listeners.forEach(Listener::sync); }
  };

  public RunRegistry(Settings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Adds a listener and tells it of the runs there already are. */
  public void addListener(Listener l) {
    listeners.add(l);
    runs.values().forEach(r -> {
      l.runAdded(r);
      l.published(r);
    });
  }

  public Settings settings() {
    return settings;
  }

  /** True when this sample key was already applied or rejected. */
  public boolean alreadySeen(String runId, SampleKey key) {
    RunState r = runs.get(runId);
    return r != null && r.alreadySeen(key);
  }

  /** True when the step is older than the run's retained steps. */
  public boolean stale(String runId, long step) {
    RunState r = runs.get(runId);
    return r != null && r.stale(step);
  }

  /** True when the run exists or could be created now. */
  public boolean admits(String runId) {
    return runs.containsKey(runId) || runs.size() < settings.maxLive() || runs.values().stream().anyMatch(r -> !r.active());
  }

  /** Applies an event to its run, creating the run if needed. */
  public Result apply(String runId, RunEvent event) {
    RunState run = runFor(runId);
    if (run == null) {
      return new Result(Outcome.TOO_MANY_RUNS, List.of());
    }
    return applyTo(run, event);
  }

  private Result applyTo(RunState run, RunEvent event) {
    RunState.Applied applied;
    synchronized (run) {
      applied = run.apply(event, clock.getAsLong());
      if (applied.status() == RunState.Status.APPLIED) {
        listener.applied(run, event, applied.publishedSteps());
      }
    }
    if (applied.status() == RunState.Status.APPLIED) {
      changed.add(run.runId()); // after the change: a checkpoint taken once this mark is gone includes it
      listener.published(run);
    }
    return new Result(
        switch (applied.status()) {
          case APPLIED -> Outcome.APPLIED;
          case DUPLICATE -> Outcome.DUPLICATE;
          case STALE -> Outcome.STALE;
        },
        applied.publishedSampleTimes());
  }

  /**
   * Closes the steps whose layer wait ran out and removes idle runs; returns the creation times of
   * samples whose metrics were published.
   */
  public List<Long> tick() {
    long now = clock.getAsLong();
    List<Long> published = new ArrayList<>();
    for (RunState r : runs.values()) {
      for (long step : r.dueSteps(now, settings.layerWait().toMillis())) {
        published.addAll(applyTo(r, new RunEvent.StepClosed(step)).publishedSampleTimes());
      }
      if (now - r.lastActivityMs() >= settings.idleTimeout().toMillis()) {
        remove(r, "idle for " + settings.idleTimeout());
      }
    }
    return published;
  }

  public Optional<RunState> get(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  public Collection<RunState> runs() {
    return runs.values().stream().sorted(Comparator.comparing(RunState::runId)).toList();
  }

  // ---- persistence ----

  /** Asks the listeners to make durable what they were told so far (the run history); before each commit. */
  public void syncAll() {
    listener.sync();
  }

  /**
   * The runs changed or removed since the last call, of those {@code persisted} accepts (the others
   * are forgotten: this replica does not own them). A run's checkpoint includes at least every event
   * applied before its change was recorded.
   */
  public List<Change> takeChanges(Predicate<String> persisted) {
    List<Change> out = new ArrayList<>();
    for (String runId : List.copyOf(changed)) {
      changed.remove(runId);
      if (!persisted.test(runId)) {
        continue;
      }
      RunState r = runs.get(runId);
      out.add(new Change(runId, r == null ? null : r.checkpoint()));
    }
    return out;
  }

  /** Marks runs as changed again (their checkpoints could not be written). */
  public void keepChanges(Collection<Change> unsaved) {
    unsaved.forEach(c -> changed.add(c.runId()));
  }

  /**
   * Puts a saved run back, replacing any state of the same run held here. A checkpoint made with
   * other thresholds cannot be mapped onto these and is refused (returns false).
   */
  public boolean restore(RunCheckpoint checkpoint) {
    if (!checkpoint.thresholds().equals(settings.thresholds())) {
      LOG.warn("run {} was saved with thresholds {}, this analyzer uses {}: not restored, it starts again from new records",
          checkpoint.runId(), checkpoint.thresholds(), settings.thresholds());
      return false;
    }
    RunState restored = RunState.restore(checkpoint, settings.thetaHistory(), settings.retainedSteps(), settings.thetaLayers());
    RunState replaced;
    synchronized (runs) {
      replaced = runs.put(restored.runId(), restored);
    }
    if (replaced != null) {
      listener.runReleased(replaced);
    }
    listener.runAdded(restored);
    listener.published(restored);
    return true;
  }

  /** Lets go of the runs {@code moved} selects, without marking them removed (another replica owns them now). */
  public void release(Predicate<String> moved) {
    List<RunState> released = new ArrayList<>();
    synchronized (runs) {
      runs.values().removeIf(r -> moved.test(r.runId()) && released.add(r));
      changed.removeIf(moved);
    }
    released.forEach(listener::runReleased);
    if (!released.isEmpty()) {
      LOG.info("{} runs released to other replicas", released.size());
    }
  }

  private RunState runFor(String runId) {
    RunState existing = runs.get(runId);
    if (existing != null) {
      return existing;
    }
    synchronized (runs) {
      existing = runs.get(runId);
      if (existing != null) {
        return existing;
      }
      if (runs.size() >= settings.maxLive() && !makeRoom()) {
        return null;
      }
      RunState created = newState(runId, clock.getAsLong());
      runs.put(runId, created);
      listener.runAdded(created);
      return created;
    }
  }

  private boolean makeRoom() {
    Optional<RunState> oldestFinished = runs.values().stream().filter(r -> !r.active())
        .min(Comparator.comparingLong(RunState::lastActivityMs));
    oldestFinished.ifPresent(r -> remove(r, "finished, making room for a new run"));
    return oldestFinished.isPresent();
  }

  private void remove(RunState run, String why) {
    boolean removed;
    synchronized (runs) {
      removed = runs.remove(run.runId(), run);
      if (removed) {
        changed.add(run.runId()); // a tombstone, so the saved state goes too
      }
    }
    if (removed) {
      listener.runRemoved(run);
      LOG.info("run {} removed ({})", run.runId(), why);
    }
  }

  private RunState newState(String runId, long now) {
    return new RunState(runId, settings.thresholds(), settings.thetaHistory(), settings.retainedSteps(),
        settings.thetaLayers(), now);
  }
}

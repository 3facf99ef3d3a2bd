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
 * refused) and removed, with its meters, after {@code idleTimeout} without records and none of its
 * samples in flight ({@link #hold}: a sample taken in before the timeout but computed after it keeps
 * its run, instead of bringing it back as a new, empty run that counts from zero). Removal and the
 * application of an event are atomic with respect to each other: an event never lands in a state
 * that has just left the registry.
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
  /** Samples per run taken in by {@link #hold} and not yet applied or dropped; guarded by {@code runs}. */
  private final Map<String, Integer> held = new java.util.HashMap<>();
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
    while (true) {
      RunState run = runFor(runId);
      if (run == null) {
        return new Result(Outcome.TOO_MANY_RUNS, List.of());
      }
      Result result = applyTo(run, event);
      if (result != null) {
        return result;
      }
      // The state left the registry between the look-up and the apply: the event goes to its successor.
    }
  }

  /**
   * Marks a sample of {@code runId} as in flight (decoded, its Betti numbers not yet computed): until
   * {@link #applyHeld} or {@link #drop}, the run is not idle and is not removed.
   */
  public void hold(String runId) {
    synchronized (runs) {
      held.merge(runId, 1, Integer::sum);
    }
  }

  /** Applies a held sample's event and lets go of the hold. */
  public Result applyHeld(String runId, RunEvent event) {
    try {
      return apply(runId, event);
    } finally {
      drop(runId);
    }
  }

  /** Lets go of a hold whose sample will not be applied (its computation failed). */
  public void drop(String runId) {
    synchronized (runs) {
      held.computeIfPresent(runId, (id, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Applies to this state of the run; null when the state was retired meanwhile (nothing applied). */
  private Result applyTo(RunState run, RunEvent event) {
    RunState.Applied applied;
    synchronized (run) {
      if (run.retired()) {
        return null;
      }
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
        Result closed = applyTo(r, new RunEvent.StepClosed(step));
        if (closed != null) {
          published.addAll(closed.publishedSampleTimes());
        }
      }
      if (now - r.lastActivityMs() >= settings.idleTimeout().toMillis()) {
        removeIfIdle(r);
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
      if (replaced != null) {
        replaced.retire();
      }
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
      released.forEach(RunState::retire);
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

  /**
   * Removes a run idle for the idle timeout, unless a sample of it is in flight or a record came since
   * {@link #tick} looked (both checked under the locks an apply and a hold take).
   */
  private void removeIfIdle(RunState run) {
    boolean removed;
    synchronized (runs) {
      removed = !held.containsKey(run.runId()) && detachIf(run,
          () -> clock.getAsLong() - run.lastActivityMs() >= settings.idleTimeout().toMillis());
    }
    if (removed) {
      removedFromRegistry(run, "idle for " + settings.idleTimeout());
    }
  }

  private void remove(RunState run, String why) {
    if (detachIf(run, () -> true)) {
      removedFromRegistry(run, why);
    }
  }

  /** Takes the run out and retires it, with its tombstone, when {@code still} holds under its monitor. */
  private boolean detachIf(RunState run, java.util.function.BooleanSupplier still) {
    synchronized (runs) {
      synchronized (run) {
        if (!still.getAsBoolean() || !runs.remove(run.runId(), run)) {
          return false;
        }
        run.retire();
        changed.add(run.runId()); // a tombstone, so the saved state goes too
        return true;
      }
    }
  }

  private void removedFromRegistry(RunState run, String why) {
    listener.runRemoved(run);
    LOG.info("run {} removed ({})", run.runId(), why);
  }

  private RunState newState(String runId, long now) {
    return new RunState(runId, settings.thresholds(), settings.thetaHistory(), settings.retainedSteps(),
        settings.thetaLayers(), now);
  }
}

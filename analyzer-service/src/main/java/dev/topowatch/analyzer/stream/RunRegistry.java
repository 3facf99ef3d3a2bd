package dev.topowatch.analyzer.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live runs, each with its {@link RunState} and {@link RunJournal}. Every event is applied and
 * appended to the run's journal under the run's monitor, so the journal order is the state order; at
 * start-up the journals are replayed. Every {@code compactEvery} entries a journal is replaced by a
 * checkpoint of its run ({@link RunState#checkpoint()}), so journals and start-up time stay bounded
 * however long a run lasts. A run is created by its first record (capped at {@code
 * maxLive}; at the cap the longest-idle finished run makes room, else the record is refused) and
 * removed, with its journal and meters, after {@code idleTimeout} without records.
 */
public final class RunRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);

  /** Told when runs come, go, or publish new values (the metrics binder and the run history listen). */
  public interface Listener {
    void runAdded(RunState run);

    void runRemoved(RunState run);

    void published(RunState run);

    /**
     * An event changed the run, and these steps were published by it; called under the run's
     * monitor, in the order the events were applied, so keep it short (no I/O that can block).
     */
    default void applied(RunState run, RunEvent event, List<RunState.StepPublished> steps) {}

    /** {@link #syncAll()} is about to write the journals: make what was told so far durable. */
    default void sync() {}
  }

  /** Limits and timings of the registry, and the rule for the layers that enter θ. */
  public record Settings(
      List<String> thresholds, int thetaHistory, int retainedSteps, int maxLive, Duration layerWait, Duration idleTimeout,
      long compactEvery, ThetaLayers thetaLayers) {
    /** Settings that compact a journal every {@value #COMPACT_EVERY} entries, θ over every layer. */
    public Settings(List<String> thresholds, int thetaHistory, int retainedSteps, int maxLive, Duration layerWait,
        Duration idleTimeout) {
      this(thresholds, thetaHistory, retainedSteps, maxLive, layerWait, idleTimeout, COMPACT_EVERY);
    }

    /** θ over every layer. */
    public Settings(List<String> thresholds, int thetaHistory, int retainedSteps, int maxLive, Duration layerWait,
        Duration idleTimeout, long compactEvery) {
      this(thresholds, thetaHistory, retainedSteps, maxLive, layerWait, idleTimeout, compactEvery, ThetaLayers.ALL);
    }

    /** A copy with another θ layer rule. */
    public Settings withThetaLayers(ThetaLayers rule) {
      return new Settings(thresholds, thetaHistory, retainedSteps, maxLive, layerWait, idleTimeout, compactEvery, rule);
    }
  }

  /** Default journal entries between compactions (a checkpoint of the run replaces them). */
  public static final long COMPACT_EVERY = 20_000;

  /** What happened to an event. */
  public enum Outcome { APPLIED, DUPLICATE, STALE, TOO_MANY_RUNS }

  public record Result(Outcome outcome, List<Long> publishedSampleTimes) {}

  private final Path dir;
  private final Settings settings;
  private final LongSupplier clock;
  private final Map<String, Entry> runs = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Tells every listener; a fixed object so that call sites read as before there were several. */
  private final Listener listener = new Listener() {
    @Override public void runAdded(RunState run) { listeners.forEach(l -> l.runAdded(run)); }
    @Override public void runRemoved(RunState run) { listeners.forEach(l -> l.runRemoved(run)); }
    @Override public void published(RunState run) { listeners.forEach(l -> l.published(run)); }
    @Override public void applied(RunState run, RunEvent event, List<RunState.StepPublished> steps) {
      listeners.forEach(l -> l.applied(run, event, steps));
    }
    @Override public void sync() { listeners.forEach(Listener::sync); }
  };

  private record Entry(RunState state, RunJournal journal) {}

  private RunRegistry(Path dir, Settings settings, LongSupplier clock) {
    this.dir = dir;
    this.settings = settings;
    this.clock = clock;
  }

  /** Opens the registry on {@code dir}, replaying every run journal found there. */
  public static RunRegistry open(Path dir, Settings settings, LongSupplier clock) {
    RunRegistry registry = new RunRegistry(dir, settings, clock);
    registry.replay();
    return registry;
  }

  /** Adds a listener and tells it of the runs there already are. */
  public void addListener(Listener l) {
    listeners.add(l);
    runs.values().forEach(e -> {
      l.runAdded(e.state());
      l.published(e.state());
    });
  }

  public Settings settings() {
    return settings;
  }

  private void replay() {
    long now = clock.getAsLong();
    for (RunJournal.Replayed r : RunJournal.readAll(dir)) {
      if (!r.thresholds().equals(settings.thresholds())) {
        Path stale = r.file().resolveSibling(r.file().getFileName() + ".stale");
        LOG.warn("journal of run {} was made with thresholds {}, now {}: moved to {} and not replayed",
            r.runId(), r.thresholds(), settings.thresholds(), stale);
        try {
          Files.move(r.file(), stale, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
          LOG.warn("cannot move {}: {}", r.file(), e.toString());
        }
        continue;
      }
      RunState state = newState(r.runId(), now);
      r.events().forEach(e -> state.apply(e, now));
      state.touch(r.lastModifiedMs());
      RunJournal journal = RunJournal.open(dir, r.runId(), settings.thresholds());
      if (r.events().size() > 1 && r.events().size() >= settings.compactEvery() / 2) {
        journal.compact(r.runId(), settings.thresholds(), state.checkpoint());
      }
      runs.put(r.runId(), new Entry(state, journal));
      LOG.info("run {} restored from its journal: {} samples processed, {} rejected",
          r.runId(), state.samplesProcessed(), state.samplesRejected());
    }
  }

  /** True when this sample key was already applied or rejected. */
  public boolean alreadySeen(String runId, SampleKey key) {
    Entry e = runs.get(runId);
    return e != null && e.state().alreadySeen(key);
  }

  /** True when the step is older than the run's retained steps. */
  public boolean stale(String runId, long step) {
    Entry e = runs.get(runId);
    return e != null && e.state().stale(step);
  }

  /** True when the run exists or could be created now. */
  public boolean admits(String runId) {
    return runs.containsKey(runId) || runs.size() < settings.maxLive()
        || runs.values().stream().anyMatch(e -> !e.state().active());
  }

  /** Applies an event to its run (creating the run if needed) and journals it if it changed anything. */
  public Result apply(String runId, RunEvent event) {
    Entry entry = entryFor(runId);
    if (entry == null) {
      return new Result(Outcome.TOO_MANY_RUNS, List.of());
    }
    RunState.Applied applied;
    synchronized (entry.state()) {
      applied = entry.state().apply(event, clock.getAsLong());
      if (applied.status() == RunState.Status.APPLIED) {
        listener.applied(entry.state(), event, applied.publishedSteps());
        entry.journal().append(event);
        if (entry.journal().entries() >= settings.compactEvery()) {
          entry.journal().compact(runId, settings.thresholds(), entry.state().checkpoint());
        }
      }
    }
    if (applied.status() == RunState.Status.APPLIED) {
      listener.published(entry.state());
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
    for (Entry e : runs.values()) {
      for (long step : e.state().dueSteps(now, settings.layerWait().toMillis())) {
        published.addAll(apply(e.state().runId(), new RunEvent.StepClosed(step)).publishedSampleTimes());
      }
      if (now - e.state().lastActivityMs() >= settings.idleTimeout().toMillis()) {
        remove(e.state().runId(), "idle for " + settings.idleTimeout());
      }
    }
    return published;
  }

  /** Writes every journal's buffered entries to the disk (before offsets are committed). */
  public void syncAll() {
    listener.sync();
    runs.values().forEach(e -> e.journal().sync());
  }

  public Optional<RunState> get(String runId) {
    Entry e = runs.get(runId);
    return e == null ? Optional.empty() : Optional.of(e.state());
  }

  public Collection<RunState> runs() {
    return runs.values().stream().map(Entry::state).sorted(Comparator.comparing(RunState::runId)).toList();
  }

  @Override
  public void close() {
    runs.values().forEach(e -> {
      e.journal().sync();
      e.journal().close();
    });
  }

  private Entry entryFor(String runId) {
    Entry existing = runs.get(runId);
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
      Entry created = new Entry(newState(runId, clock.getAsLong()), RunJournal.open(dir, runId, settings.thresholds()));
      runs.put(runId, created);
      listener.runAdded(created.state());
      return created;
    }
  }

  private boolean makeRoom() {
    Optional<RunState> oldestFinished = runs.values().stream().map(Entry::state).filter(r -> !r.active())
        .min(Comparator.comparingLong(RunState::lastActivityMs));
    oldestFinished.ifPresent(r -> remove(r.runId(), "finished, making room for a new run"));
    return oldestFinished.isPresent();
  }

  private void remove(String runId, String why) {
    Entry e = runs.remove(runId);
    if (e != null) {
      listener.runRemoved(e.state());
      e.journal().delete();
      LOG.info("run {} removed ({})", runId, why);
    }
  }

  private RunState newState(String runId, long now) {
    return new RunState(runId, settings.thresholds(), settings.thetaHistory(), settings.retainedSteps(),
        settings.thetaLayers(), now);
  }
}

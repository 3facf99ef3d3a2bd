package dev.topowatch.analyzer.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every run's full record under {@code data-dir/history}, one folder per run ({@link RunHistory}),
 * kept after the run has left the analyzer's memory and across restarts, until {@link Retention}
 * deletes it. What each {@link #flush()} wrote is handed to the {@linkplain #sink sink} (the web
 * page's live events), one flush at a time and in the order they were written.
 */
public final class HistoryStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

  /** What one flush wrote for one run. */
  public record Flushed(RunSummary summary, List<String> lines) {}

  private final Path dir;
  private final Retention retention;
  private final LongSupplier clock;
  private final Map<String, RunHistory> runs = new ConcurrentHashMap<>();
  private volatile Consumer<Flushed> sink = f -> {};
  private final Object flushOrder = new Object();

  private HistoryStore(Path dir, Retention retention, LongSupplier clock) {
    this.dir = dir;
    this.retention = retention;
    this.clock = clock;
  }

  /** Opens the store on {@code dir}, loading the runs recorded there. */
  public static HistoryStore open(Path dir, Retention retention, LongSupplier clock) {
    HistoryStore store = new HistoryStore(dir, retention, clock);
    try {
      Files.createDirectories(dir);
      try (Stream<Path> folders = Files.list(dir)) {
        for (Path folder : folders.filter(Files::isDirectory).toList()) {
          store.load(folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the run history in " + dir, e);
    }
    return store;
  }

  private void load(Path folder) {
    try {
      RunHistory run = RunHistory.load(folder);
      if (run != null) {
        runs.put(run.summary().runId(), run);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping unreadable run history {}: {}", folder, e.toString());
    }
  }

  /** Where each flush's new lines and summary go. */
  public void sink(Consumer<Flushed> sink) {
    this.sink = sink;
  }

  public Retention retention() {
    return retention;
  }

  /** Adds a line to the run's record (created with these thresholds if new) and changes its summary. */
  public void record(String runId, List<String> thresholds, String line, UnaryOperator<RunSummary> change) {
    run(runId, thresholds).append(line, change, clock.getAsLong());
  }

  /** Changes the run's summary without a line (counters); {@code change} runs under the run's lock and must take no other. */
  public void update(String runId, List<String> thresholds, UnaryOperator<RunSummary> change) {
    run(runId, thresholds).update(change);
  }

  /** Writes what waits in memory, for every run, and tells the sink. */
  public void flush() {
    runs.values().forEach(this::flush);
  }

  private void flush(RunHistory run) {
    // Held from writing to telling the sink: two threads flush (the timer's worker, the consumer
    // before a commit), and a flush told after a later one would make the page apply older records
    // over newer ones. Not the run's own lock: the sink reads the live run, whose lock is taken
    // before the run's history lock when a line is recorded.
    synchronized (flushOrder) {
      RunHistory.Flushed f;
      try {
        f = run.flush();
      } catch (UncheckedIOException e) {
        // The disk is full or gone: the lines stay in memory and the next flush tries again.
        LOG.warn("{}", e.getMessage(), e.getCause());
        return;
      }
      if (f != null) {
        try {
          sink.accept(new Flushed(f.summary(), f.lines()));
        } catch (RuntimeException e) {
          // Flushes also run on the consumer's commit path: a page that misses an event must not stop it.
          LOG.debug("live event for run {} not sent: {}", f.summary().runId(), e.toString());
        }
      }
    }
  }

  /** Closes the run's file (it left the analyzer's memory); its record stays. */
  public void release(String runId) {
    RunHistory run = runs.get(runId);
    if (run != null) {
      flush(run);
      run.close();
    }
  }

  /** Every recorded run, the most recently updated first. */
  public List<RunSummary> summaries() {
    return runs.values().stream().map(RunHistory::summary)
        .sorted(Comparator.comparingLong(RunSummary::lastUpdateMs).reversed()).toList();
  }

  public Optional<RunSummary> summary(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(RunHistory::summary);
  }

  /** The run's lines, oldest first; empty when the run is unknown. */
  public Optional<List<String>> lines(String runId) {
    RunHistory run = runs.get(runId);
    if (run == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(run.lines());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the history of run " + runId, e);
    }
  }

  /** Deletes what {@link Retention} selects, never a run in {@code live}; returns the deleted run ids. */
  public List<String> prune(Set<String> live) {
    List<String> deleted = new ArrayList<>();
    for (String runId : retention.toDelete(runs.values().stream().map(RunHistory::summary).toList(), live, clock.getAsLong())) {
      RunHistory run = runs.remove(runId);
      try {
        run.delete();
        deleted.add(runId);
      } catch (IOException e) {
        LOG.warn("cannot delete the history of run {}: {}", runId, e.toString());
      }
    }
    if (!deleted.isEmpty()) {
      LOG.info("run history: deleted {} run(s) past the retention ({}, {} bytes): {}",
          deleted.size(), retention.maxAge(), retention.maxBytes(), deleted);
    }
    return deleted;
  }

  @Override
  public void close() {
    runs.values().forEach(run -> {
      flush(run);
      run.close();
    });
  }

  private RunHistory run(String runId, List<String> thresholds) {
    return runs.computeIfAbsent(runId,
        id -> RunHistory.create(dir.resolve(folderName(id)), RunSummary.started(id, thresholds, clock.getAsLong())));
  }

  /**
   * A folder name for any run id: letters, digits, {@code -} and {@code _} as they are, every other
   * byte as {@code %XX} (so no id can name {@code ..} or a path).
   */
  static String folderName(String runId) {
    StringBuilder name = new StringBuilder();
    for (byte b : runId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return name.isEmpty() ? "%" : name.toString();
  }
}

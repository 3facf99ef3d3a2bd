package dev.topowatch.analyzer.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One run's record on disk: {@code series.jsonl} (append-only, one {@link HistoryRecords} line each)
 * and {@code meta.json} (its {@link RunSummary}, replaced whole). Lines wait in memory until {@link
 * #flush()}, which the store calls about twice a second and before the journals are synced. A line
 * torn by a crash can only be the last one and is cut off when the run is loaded again.
 */
final class RunHistory {

  static final String SERIES = "series.jsonl";
  static final String META = "meta.json";
  static final ObjectMapper META_JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** What one flush wrote: the new lines and the summary after them. */
  record Flushed(RunSummary summary, List<String> lines) {}

  private final Path dir;
  private RunSummary summary;
  private final List<String> pending = new ArrayList<>();
  private boolean summaryChanged;
  private Writer writer;

  private RunHistory(Path dir, RunSummary summary) {
    this.dir = dir;
    this.summary = summary;
  }

  static RunHistory create(Path dir, RunSummary summary) {
    RunHistory run = new RunHistory(dir, summary);
    run.summaryChanged = true;
    return run;
  }

  /** Reads a run written earlier (by this or a previous process); null when {@code dir} holds none. */
  static RunHistory load(Path dir) throws IOException {
    Path meta = dir.resolve(META);
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    RunSummary summary = META_JSON.readValue(meta.toFile(), RunSummary.class);
    long bytes = cutTornTail(dir.resolve(SERIES));
    return new RunHistory(dir, summary.touched(summary.lastUpdateMs(), bytes));
  }

  synchronized RunSummary summary() {
    return summary;
  }

  synchronized void append(String line, UnaryOperator<RunSummary> change, long nowMs) {
    pending.add(line);
    update(change);
    summary = summary.touched(nowMs, summary.bytes());
  }

  synchronized void update(UnaryOperator<RunSummary> change) {
    RunSummary next = change.apply(summary);
    summaryChanged |= !next.equals(summary);
    summary = next;
  }

  /** Writes the waiting lines and, if it changed, the summary; null when there was nothing to write. */
  synchronized Flushed flush() {
    if (pending.isEmpty() && !summaryChanged) {
      return null;
    }
    List<String> lines = List.copyOf(pending);
    try {
      if (!lines.isEmpty()) {
        long added = 0;
        Writer out = writer();
        for (String line : lines) {
          out.write(line);
          out.write('\n');
          added += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        out.flush();
        summary = summary.touched(summary.lastUpdateMs(), summary.bytes() + added);
      }
      writeMeta();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history of run " + summary.runId() + " in " + dir, e);
    }
    pending.clear();
    summaryChanged = false;
    return new Flushed(summary, lines);
  }

  /** Every line recorded so far, oldest first: those on disk, then those waiting for the next flush. */
  synchronized List<String> lines() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    Path series = dir.resolve(SERIES);
    List<String> lines = new ArrayList<>(Files.isRegularFile(series) ? Files.readAllLines(series, StandardCharsets.UTF_8) : List.of());
    lines.addAll(pending);
    return lines;
  }

  /** Closes the file (after a flush, so nothing waits); a later append opens it again. */
  synchronized void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      writer = null;
    }
  }

  synchronized void delete() throws IOException {
    pending.clear();
    close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Writer writer() throws IOException {
    if (writer == null) {
      Files.createDirectories(dir);
      writer = Files.newBufferedWriter(dir.resolve(SERIES), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return writer;
  }

  private void writeMeta() throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(META + ".tmp");
    META_JSON.writeValue(tmp.toFile(), summary);
    Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Cuts the file after its last newline (a write torn by a crash); returns its length. */
  private static long cutTornTail(Path series) throws IOException {
    if (!Files.isRegularFile(series)) {
      return 0;
    }
    try (RandomAccessFile file = new RandomAccessFile(series.toFile(), "rw"); FileChannel channel = file.getChannel()) {
      long end = channel.size();
      while (end > 0) {
        file.seek(end - 1);
        if (file.read() == '\n') {
          break;
        }
        end--;
      }
      if (end < channel.size()) {
        channel.truncate(end);
      }
      return end;
    }
  }
}

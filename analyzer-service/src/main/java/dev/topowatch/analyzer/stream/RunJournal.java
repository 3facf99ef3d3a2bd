package dev.topowatch.analyzer.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal of one run: a header line ({@code run_id} and threshold labels), then one
 * {@link RunEvent} per line. Appends are buffered; {@link #sync()} writes them to the disk and is
 * called before Kafka offsets are committed, so every committed record's result is on disk.
 */
public final class RunJournal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SUFFIX = ".journal";

  private final Path file;
  private FileChannel channel;
  private BufferedWriter writer;
  private boolean dirty;
  private long entries;
  private boolean closed;

  private RunJournal(Path file, FileChannel channel) {
    this.file = file;
    attach(channel);
  }

  private void attach(FileChannel ch) {
    this.channel = ch;
    this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8), 1 << 16);
  }

  /** Opens (creating with a header if new) the journal of {@code runId} in {@code dir}. */
  public static RunJournal open(Path dir, String runId, List<String> thresholds) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(fileName(runId));
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      boolean torn = !fresh && endsWithoutNewline(file);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      RunJournal journal = new RunJournal(file, channel);
      if (fresh) {
        journal.writeLine(JSON.writeValueAsString(Map.of("run_id", runId, "thresholds", thresholds)));
      } else if (torn) {
        journal.writer.write('\n'); // end a line torn by a crash so the next entry starts clean
        journal.dirty = true;
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal of run " + runId + " in " + dir, e);
    }
  }

  private static boolean endsWithoutNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) != '\n';
    }
  }

  /** A file name made of the run id's safe characters and a hash, so distinct ids never collide in practice. */
  static String fileName(String runId) {
    String safe = runId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 64) {
      safe = safe.substring(0, 64);
    }
    return safe + "-" + String.format("%08x", runId.hashCode()) + SUFFIX;
  }

  public synchronized void append(RunEvent event) {
    if (closed) {
      return; // the run was removed while this event was in flight
    }
    writeLine(JournalCodec.encode(event));
    entries++;
  }

  /** Entries appended since this journal was opened or compacted. */
  public synchronized long entries() {
    return entries;
  }

  /**
   * Replaces the journal by its header and one checkpoint of the run's state, atomically (a new
   * file, forced to the disk, then renamed over the old one): a crash leaves the old or the new one.
   */
  public synchronized void compact(String runId, List<String> thresholds, RunEvent.Checkpoint checkpoint) {
    if (closed) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      writer.flush();
      channel.close();
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(out), StandardCharsets.UTF_8));
        w.write(JSON.writeValueAsString(Map.of("run_id", runId, "thresholds", thresholds)));
        w.write('\n');
        w.write(JournalCodec.encode(checkpoint));
        w.write('\n');
        w.flush();
        out.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      attach(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      entries = 0;
      dirty = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact " + file, e);
    }
  }

  /**
   * Flushes buffered entries and forces them to the disk. Only the flush holds this journal's lock:
   * appends go on while the disk catches up (what was written before {@code force} is covered by it).
   */
  public void sync() {
    FileChannel toForce;
    synchronized (this) {
      if (!dirty || closed) {
        return;
      }
      try {
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      dirty = false;
      toForce = channel;
    }
    try {
      toForce.force(false);
    } catch (java.nio.channels.ClosedChannelException e) {
      // closed or compacted meanwhile: both force what they wrote themselves
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.flush();
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing {}: {}", file, e.toString());
    }
  }

  /** Closes and deletes the file (the run was evicted). */
  public synchronized void delete() {
    close();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.toString());
    }
  }

  private void writeLine(String line) {
    try {
      writer.write(line);
      writer.write('\n');
      dirty = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A journal read back: the run, its thresholds, its events in order, and the file's last change. */
  public record Replayed(Path file, String runId, List<String> thresholds, List<RunEvent> events, long lastModifiedMs) {}

  /** Reads every journal in {@code dir}; a torn last line (a crash mid-append) is dropped. */
  public static List<Replayed> readAll(Path dir) {
    List<Replayed> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        Replayed r = read(f);
        if (r != null) {
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  static Replayed read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || header.isBlank()) {
        return null;
      }
      JsonNode h = JSON.readTree(header);
      List<String> thresholds = new ArrayList<>();
      h.get("thresholds").forEach(t -> thresholds.add(t.asText()));
      List<RunEvent> events = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          events.add(JournalCodec.decode(line));
        } catch (IOException | RuntimeException e) {
          LOG.warn("{} line {} is unreadable and ignored (a write torn by a crash?): {}", file, lineNo, e.toString());
        }
      }
      return new Replayed(file, h.get("run_id").asText(), thresholds, events, Files.getLastModifiedTime(file).toMillis());
    }
  }
}

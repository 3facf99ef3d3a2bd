package dev.topowatch.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command of this analyzer ({@code serve}, {@code broker}, …) in a child JVM with this JVM's
 * class path, its output copied to a log file. {@code soak} runs its own analyzer this way (so the
 * heap it reports is the analyzer's alone), and the fail-over and outage tests their brokers and
 * analyzers, which they stop with SIGTERM or kill with SIGKILL.
 */
public final class AnalyzerProcess implements AutoCloseable {

  /** The analyzer's command line (analyzer-cli), named here so this harness needs no compile dependency on it. */
  static final String MAIN_CLASS = "dev.topowatch.analyzer.cli.TopowatchAnalyzer";
  private static final int TAIL_LINES = 200;
  private static final long GRACE_SECONDS = 30;

  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();
  private final List<String> lines = new ArrayList<>();
  private final List<Pattern> watched;
  private Thread pump;

  private AnalyzerProcess(Process process, List<Pattern> watched) {
    this.process = process;
    this.watched = watched;
  }

  /**
   * Starts {@code java -Xmx<heap> -cp <this class path> TopowatchAnalyzer <args>}. Environment
   * settings of the analyzer ({@code TOPOWATCH_*}) are not passed on: only {@code args} configure it.
   *
   * @param watch output lines matching any of these are kept for {@link #awaitLine} (the rest only reach the log)
   */
  public static AnalyzerProcess start(List<String> args, String heap, Path log, Pattern... watch) throws IOException {
    return startMain(MAIN_CLASS, List.of("-Xmx" + heap), args, log, watch);
  }

  /**
   * Starts {@code java <jvmOptions> -cp <this class path> <mainClass> <args>}: another program on the
   * same class path, such as Apache Kafka's own server ({@code kafka.Kafka}) for a cluster in the tests.
   */
  public static AnalyzerProcess startMain(String mainClass, List<String> jvmOptions, List<String> args, Path log,
      Pattern... watch) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("TOPOWATCH_"));
    Files.createDirectories(log.toAbsolutePath().getParent());
    AnalyzerProcess p = new AnalyzerProcess(builder.start(), List.of(watch));
    p.pump = ProcessOutput.copy(p.process, log, p::keep, "analyzer-process-output");
    return p;
  }

  private synchronized void keep(String line) {
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
    if (watched.stream().anyMatch(p -> p.matcher(line).find())) {
      lines.add(line);
      notifyAll();
    }
  }

  /**
   * Waits for a watched output line matching {@code pattern} (counting lines already printed).
   *
   * @throws IllegalStateException when the process ends or {@code timeout} passes first
   */
  public synchronized MatchResult awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        Matcher m = pattern.matcher(lines.get(seen));
        if (m.find()) {
          return m.toMatchResult();
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.isAlive()) {
        throw new IllegalStateException((process.isAlive() ? "no line matching " + pattern + " within " + timeout
            : "the process ended (exit " + process.exitValue() + ") before printing a line matching " + pattern)
            + "; its output ends with:\n" + tail());
      }
      wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
    }
  }

  /** The last lines of its output. */
  public synchronized String tail() {
    return String.join("\n", tail);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the process to end by itself; its exit code, or -1 if it still runs after {@code timeout}. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    pump.join(5_000);
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  public void kill() throws InterruptedException {
    // Through the handle: Process.destroy* would also close the output pipe before the last lines are copied.
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    pump.join(5_000);
  }

  /** SIGTERM and up to 30 s for the shutdown hooks, then SIGKILL; returns the exit code. */
  public int stop() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.toHandle().destroyForcibly();
      }
    }
    process.waitFor(30, TimeUnit.SECONDS);
    pump.join(5_000); // its last lines reach the log before the caller reads it
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Stops it if it still runs (SIGTERM, then SIGKILL). */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

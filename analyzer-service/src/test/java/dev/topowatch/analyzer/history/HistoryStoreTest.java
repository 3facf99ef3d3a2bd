package dev.topowatch.analyzer.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HistoryStoreTest {

  private static final List<String> T = List.of("0.5");
  private static final Retention KEEP_ALL = new Retention(Duration.ofDays(30), 1L << 30);

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @Test
  void flushWritesTheLinesTellsTheSinkAndAReopenedStoreReadsThemBack() {
    List<HistoryStore.Flushed> told = new ArrayList<>();
    try (HistoryStore store = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      store.sink(told::add);
      store.record("a", T, line(1), s -> s.withStart("job-a", true, 0.25));
      store.record("a", T, line(2), UnaryOperator.identity());
      assertThat(store.lines("a").orElseThrow()).containsExactly(line(1), line(2)); // waiting lines are read too
      store.flush();
      store.flush(); // nothing new: the sink hears nothing
      assertThat(told).hasSize(1);
      assertThat(told.get(0).lines()).containsExactly(line(1), line(2));
      assertThat(told.get(0).summary().jobName()).isEqualTo("job-a");
    }
    try (HistoryStore reopened = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      RunSummary a = reopened.summary("a").orElseThrow();
      assertThat(a.powergradAlpha()).isEqualTo(0.25);
      assertThat(a.bytes()).isEqualTo(2L * (line(1).length() + 1));
      assertThat(reopened.lines("a").orElseThrow()).containsExactly(line(1), line(2));
    }
  }

  /**
   * Two threads flush (the timer's worker and the consumer before a commit): the sink must hear the
   * flushes in the order they were written, or the page would apply a step's first record after its
   * republished one and keep the stale one. Here the first flush's sink is slow.
   */
  @Test
  void theSinkHearsConcurrentFlushesInTheOrderTheyWereWritten() throws Exception {
    List<List<String>> heard = new CopyOnWriteArrayList<>();
    CountDownLatch slowSink = new CountDownLatch(1);
    try (HistoryStore store = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      store.sink(f -> {
        if (f.lines().contains(line(1))) {
          awaitQuietly(slowSink);
        }
        heard.add(f.lines());
      });
      store.record("a", T, line(1), UnaryOperator.identity());
      Thread first = new Thread(store::flush, "first-flush");
      first.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> first.getState() == Thread.State.WAITING); // in the sink
      store.record("a", T, line(2), UnaryOperator.identity());
      Thread second = new Thread(store::flush, "second-flush");
      second.start();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> second.getState() == Thread.State.BLOCKED || second.getState() == Thread.State.TERMINATED);
      slowSink.countDown();
      first.join(10_000);
      second.join(10_000);
    }
    assertThat(heard).containsExactly(List.of(line(1)), List.of(line(2)));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aLineTornByACrashIsCutOffWhenTheRunIsLoaded() throws Exception {
    try (HistoryStore store = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      store.record("a", T, line(1), UnaryOperator.identity());
      store.flush();
    }
    Path series = dir.resolve("a").resolve(RunHistory.SERIES);
    Files.writeString(series, "{\"type\":\"step\",\"st", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (HistoryStore reopened = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      reopened.record("a", T, line(2), UnaryOperator.identity());
      assertThat(reopened.lines("a").orElseThrow()).containsExactly(line(1), line(2));
    }
  }

  @Test
  void runIdsNeverNameAPathOutsideTheStore() {
    assertThat(HistoryStore.folderName("demo-abc_1")).isEqualTo("demo-abc_1");
    assertThat(HistoryStore.folderName("../etc")).isEqualTo("%2E%2E%2Fetc");
    assertThat(HistoryStore.folderName("a/b")).isEqualTo("a%2Fb");
    assertThat(HistoryStore.folderName("..")).doesNotContain(".").doesNotContain("/");
    assertThat(HistoryStore.folderName("é")).isEqualTo("%C3%A9");
    try (HistoryStore store = HistoryStore.open(dir, KEEP_ALL, clock::get)) {
      store.record("../escape", T, line(1), UnaryOperator.identity());
      store.flush();
    }
    assertThat(dir.resolve("%2E%2E%2Fescape").resolve(RunHistory.SERIES)).exists();
    assertThat(dir.resolveSibling("escape")).doesNotExist();
  }

  @Test
  void pruneDeletesRunsPastTheAgeThenTheOldestAboveTheSizeButNeverALiveOne() {
    long lineBytes = line(1).length() + 1;
    Retention retention = new Retention(Duration.ofDays(30), 3 * lineBytes);
    try (HistoryStore store = HistoryStore.open(dir, retention, clock::get)) {
      for (String run : List.of("ancient", "old", "mid", "new", "live")) {
        store.record(run, T, line(1), UnaryOperator.identity());
        store.flush();
        clock.addAndGet(Duration.ofDays(run.equals("ancient") ? 31 : 1).toMillis());
      }
      // 5 runs of one line each, 3 lines allowed: "ancient" is past 30 days, then "old" is the
      // oldest; "live" would be next by size, but it is live (and the newest anyway).
      assertThat(store.prune(Set.of("live"))).containsExactly("ancient", "old");
      assertThat(store.summaries()).extracting(RunSummary::runId).containsExactly("live", "new", "mid");
      assertThat(dir.resolve("old")).doesNotExist();
    }
  }

  @Test
  void aLiveRunIsKeptEvenWhenItAloneExceedsTheSize() {
    Retention tiny = new Retention(Duration.ofDays(30), 1);
    try (HistoryStore store = HistoryStore.open(dir, tiny, clock::get)) {
      store.record("big", T, line(1), UnaryOperator.identity());
      store.flush();
      assertThat(store.prune(Set.of("big"))).isEmpty();
      assertThat(store.prune(Set.of())).containsExactly("big");
    }
  }

  private static String line(int step) {
    return "{\"type\":\"step\",\"step\":" + step + ",\"loss\":0.5}";
  }
}

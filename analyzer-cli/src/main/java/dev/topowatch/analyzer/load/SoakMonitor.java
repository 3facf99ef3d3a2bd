package dev.topowatch.analyzer.load;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes an analyzer's {@code /metrics} at a fixed period during a soak and keeps what the report
 * needs: the soak runs' samples processed, rejections, consumer lag, heap, series count, and the
 * run-state writes, at the end of the warm-up, at their largest, and at the last scrape.
 */
public final class SoakMonitor implements AutoCloseable {

  /** One scrape, reduced to the soak's figures. */
  public record Reading(long atNanos, double processed, double rejected, double stale, double duplicates, double lag,
      double heapBytes, double liveDataBytes, int series, double stateBytes) {}

  private final String analyzer;
  private final List<String> runIds;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-monitor");
    t.setDaemon(true);
    return t;
  });
  private volatile Reading last;
  private volatile Reading atWarmup;
  private volatile double maxLag;
  private volatile double maxHeap;
  private volatile int maxSeries;
  private volatile int failedScrapes;

  public SoakMonitor(String analyzer, List<String> runIds) {
    this.analyzer = analyzer;
    this.runIds = List.copyOf(runIds);
  }

  /** Scrapes now and then every {@code periodMs}. */
  public void start(long periodMs) {
    timer.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  /** The latest reading becomes the warm-up baseline (throughput, start-of-soak heap and series). */
  public Reading markWarmupEnd() throws Exception {
    atWarmup = read();
    return atWarmup;
  }

  /** A fresh reading (also counted in the maxima). */
  public synchronized Reading read() throws Exception {
    MetricsPage page = MetricsPage.scrape(analyzer);
    double processed = 0;
    for (String run : runIds) {
      processed += page.sum("topowatch_samples_processed_total", "run_id=\"" + run + "\"");
    }
    Reading r = new Reading(System.nanoTime(), processed, page.sum("topowatch_samples_rejected_total"),
        page.sum("topowatch_samples_stale_total"), page.sum("topowatch_samples_duplicate_total"),
        page.sum("topowatch_consumer_lag_records"), page.sum("jvm_memory_used_bytes", "area=\"heap\""),
        page.sum("jvm_gc_live_data_size_bytes"), page.seriesCount(), page.sum("topowatch_state_checkpoint_bytes_total"));
    maxLag = Math.max(maxLag, r.lag());
    maxHeap = Math.max(maxHeap, r.heapBytes());
    maxSeries = Math.max(maxSeries, r.series());
    last = r;
    return r;
  }

  private void sample() {
    try {
      read();
    } catch (Exception e) {
      failedScrapes++; // reported at the end: an analyzer that stops answering is a finding
    }
  }

  public Reading last() {
    return last;
  }

  public Reading atWarmup() {
    return atWarmup;
  }

  public double maxLag() {
    return maxLag;
  }

  public double maxHeap() {
    return maxHeap;
  }

  public int maxSeries() {
    return maxSeries;
  }

  public int failedScrapes() {
    return failedScrapes;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.BettiComputer;
import dev.topowatch.analyzer.stream.DecodedSample;
import dev.topowatch.topology.EngineBrokenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers samples from many steps and runs into engine calls of many volumes (a GPU pays only
 * across many volumes per launch), on one thread of its own. A batch goes to the engine as soon as
 * the engine is free: a lone sample goes at once, so at low rates batching adds no latency. When
 * more than one sample is waiting (under load), the batch keeps filling until it holds
 * {@code maxVolumes} or its oldest sample has waited {@code maxWait}. If an engine call fails, the
 * batch's samples are computed one by one, so that one bad volume fails alone; if the engine is
 * broken ({@link EngineBrokenException}), every sample of the batch fails with it, at once.
 */
final class BettiBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BettiBatcher.class);

  /** What becomes of one sample; called on the batcher's thread. */
  interface Callback {
    /** @param nanos the sample's share of the engine time of its batch */
    void computed(long[][] betti, long nanos);

    void failed(RuntimeException e);
  }

  private record Item(DecodedSample sample, Callback callback, long enqueuedNanos) {}

  private final BettiComputer computer;
  private final int maxVolumes;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private final java.util.Deque<Integer> recentSizes = new java.util.concurrent.ConcurrentLinkedDeque<>();

  BettiBatcher(BettiComputer computer, int maxVolumes, Duration maxWait) {
    if (maxVolumes < 1) {
      throw new IllegalArgumentException("maxVolumes must be at least 1, was " + maxVolumes);
    }
    this.computer = computer;
    this.maxVolumes = maxVolumes;
    this.maxWaitNanos = maxWait.toNanos();
    this.thread = new Thread(this::loop, "topowatch-betti-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  void submit(DecodedSample sample, Callback callback) {
    if (!running) {
      callback.failed(new IllegalStateException("the Betti batcher is stopped"));
      return;
    }
    queue.add(new Item(sample, callback, System.nanoTime()));
  }

  /** Volumes per engine call, the latest 100 calls, oldest first (for tests and diagnostics). */
  List<Integer> recentBatchSizes() {
    return List.copyOf(recentSizes);
  }

  private void loop() {
    while (running || !queue.isEmpty()) {
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Item> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, maxVolumes - 1);
        if (batch.size() > 1) {
          fill(batch, first.enqueuedNanos() + maxWaitNanos);
        }
        compute(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Betti batcher failed; it goes on with the next batch", e);
      }
    }
  }

  /** Under load: waits for more samples until the batch is full or its oldest sample's wait is up. */
  private void fill(List<Item> batch, long deadline) throws InterruptedException {
    while (batch.size() < maxVolumes) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Item next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, maxVolumes - batch.size());
    }
  }

  private void compute(List<Item> batch) {
    recentSizes.addLast(batch.size());
    if (recentSizes.size() > 100) {
      recentSizes.pollFirst();
    }
    List<DecodedSample> samples = new ArrayList<>(batch.size());
    batch.forEach(i -> samples.add(i.sample()));
    long start = System.nanoTime();
    long[][][] betti;
    try {
      betti = computer.compute(samples);
    } catch (EngineBrokenException e) {
      // Nothing can compute them now (the engine fell back already where it could): each sample fails
      // with the engine's failure, which the ingest loop keeps uncommitted.
      batch.forEach(i -> i.callback().failed(e));
      return;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).callback().failed(e);
        return;
      }
      LOG.debug("a batch of {} failed ({}); computing its samples one by one", batch.size(), e.toString());
      for (Item i : batch) {
        compute(List.of(i));
      }
      return;
    }
    long share = (System.nanoTime() - start) / batch.size();
    for (int k = 0; k < batch.size(); k++) {
      try {
        batch.get(k).callback().computed(betti[k], share);
      } catch (RuntimeException e) {
        LOG.error("applying a computed sample failed", e);
      }
    }
  }

  /** Computes what is queued, then stops the thread (bounded wait). */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Item left;
    while ((left = queue.poll()) != null) {
      left.callback().failed(new IllegalStateException("the Betti batcher stopped before computing this sample"));
    }
  }
}

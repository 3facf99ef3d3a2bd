package dev.topowatch.analyzer.cli;

import dev.topowatch.analyzer.load.SoakMonitor;
import dev.topowatch.harness.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The soak's broker restarts: at every multiple of {@code period} one node of the cluster, in turn, is stopped
 * (SIGTERM, a controlled shutdown) and started again, and the consumer lag is watched until it is
 * back to 0. Each restart is printed as it ends and again in the final report.
 */
final class BrokerRestarts {

  /** One restart: when (seconds into the soak), how long the node was down, the lag's peak and when it was 0 again. */
  record Restart(int node, double atSeconds, double downSeconds, double lagPeak, double lagZeroAfterSeconds) {
    String describe() {
      return String.format(Locale.ROOT, "node %d restarted at %.0f s (down %.1f s): consumer lag peaked at %.0f records and was 0 "
          + "%s after it was back", node, atSeconds, downSeconds, lagPeak,
          Double.isNaN(lagZeroAfterSeconds) ? "not yet" : String.format(Locale.ROOT, "%.1f s", lagZeroAfterSeconds));
    }
  }

  private final KafkaCluster cluster;
  private final long periodMs;
  private final SoakMonitor monitor;
  private final long startNanos;
  private final List<Restart> done = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private BrokerRestarts(KafkaCluster cluster, Duration period, SoakMonitor monitor, long startNanos) {
    this.cluster = cluster;
    this.periodMs = period.toMillis();
    this.monitor = monitor;
    this.startNanos = startNanos;
    this.thread = new Thread(this::loop, "soak-broker-restarts");
    thread.setDaemon(true);
  }

  static BrokerRestarts start(KafkaCluster cluster, Duration period, SoakMonitor monitor, long startNanos) {
    BrokerRestarts r = new BrokerRestarts(cluster, period, monitor, startNanos);
    r.thread.start();
    return r;
  }

  private void loop() {
    List<Integer> ids = cluster.ids();
    try {
      for (int k = 0; pauseUntil(startNanos + (k + 1) * periodMs * 1_000_000L); k++) {
        int node = ids.get(k % ids.size());
        double at = (System.nanoTime() - startNanos) / 1e9;
        long down = System.nanoTime();
        cluster.stop(node);
        cluster.restart(node);
        double downSeconds = (System.nanoTime() - down) / 1e9;
        long back = System.nanoTime();
        double peak = 0;
        double zeroAfter = Double.NaN;
        // Until the lag is 0 again, at most until the next restart is due.
        long nextDue = startNanos + (k + 2) * periodMs * 1_000_000L;
        while (running && System.nanoTime() < nextDue - 1_000_000_000L) {
          double lag = monitor.read().lag();
          peak = Math.max(peak, lag);
          if (lag == 0) {
            zeroAfter = (System.nanoTime() - back) / 1e9;
            break;
          }
          Thread.sleep(500);
        }
        Restart r = new Restart(node, at, downSeconds, peak, zeroAfter);
        done.add(r);
        System.out.println("soak: " + r.describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("soak: broker restarts stopped: " + e);
    }
  }

  /** Waits until {@code dueNanos} (restarts keep to the schedule, whatever one took); false once stopped. */
  private synchronized boolean pauseUntil(long dueNanos) throws InterruptedException {
    for (long left = dueNanos - System.nanoTime(); running && left > 0; left = dueNanos - System.nanoTime()) {
      wait(Math.max(1, left / 1_000_000));
    }
    return running;
  }

  /** Lets a restart in progress finish (the node comes back: it is not interrupted), then stops. */
  void stop() throws InterruptedException {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    thread.join(180_000);
  }

  void report() {
    System.out.printf(Locale.ROOT, "broker restarts: %d%n", done.size());
    done.forEach(r -> System.out.println("  " + r.describe()));
  }
}

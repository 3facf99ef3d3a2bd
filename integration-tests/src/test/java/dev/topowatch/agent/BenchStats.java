package dev.topowatch.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the agent benchmarks share: order statistics, the agent's thread CPU, the machine's load. */
final class BenchStats {
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private BenchStats() {}

  /** The q-quantile of sorted values, interpolated. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The median of unsorted values. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return quantile(sorted, 0.5);
  }

  /** A distribution-free 95% interval for the median of sorted values (order statistics). */
  static double[] medianInterval(double[] sorted) {
    int n = sorted.length;
    int half = (int) Math.ceil(0.98 * Math.sqrt(n));
    int lo = Math.max(0, (n - 1) / 2 - half);
    int hi = Math.min(n - 1, n / 2 + half);
    return new double[] {sorted[lo], sorted[hi]};
  }

  /**
   * CPU time, in nanoseconds, of the threads of the agent whose run id is {@code runId}: its sender
   * and the Kafka producer's network thread, both named after the agent's Kafka client id.
   */
  static long agentThreadsCpu(String runId) {
    return agentThreadsCpu(runId, "");
  }

  /** As {@link #agentThreadsCpu(String)}, only the threads whose name starts with {@code prefix}. */
  static long agentThreadsCpu(String runId, String prefix) {
    String suffix = "| topowatch-agent-" + runId;
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().endsWith(suffix) && t.getName().startsWith(prefix)) {
        total += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
      }
    }
    return total;
  }

  /** The machine's 1-minute load average (/proc/loadavg), or NaN where there is none. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}

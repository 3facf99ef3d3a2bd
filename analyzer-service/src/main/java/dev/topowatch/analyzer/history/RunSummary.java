package dev.topowatch.analyzer.history;

import java.util.List;

/**
 * What the run list shows of a recorded run; kept as {@code meta.json} beside its series. {@code
 * status} is the agent's last word: {@code RUNNING} until RunFinished brings {@code COMPLETED},
 * {@code FAILED} or {@code INTERRUPTED}. Times are Unix milliseconds.
 */
public record RunSummary(
    String runId,
    String jobName,
    String status,
    boolean powergradEnabled,
    Double powergradAlpha,
    long latestStep,
    int latestEpoch,
    long samplesProcessed,
    long samplesRejected,
    long firstSeenMs,
    long lastUpdateMs,
    List<String> thresholds,
    long bytes) {

  public RunSummary {
    thresholds = List.copyOf(thresholds);
  }

  /** After the run's RunStarted. */
  RunSummary withStart(String job, boolean powergrad, Double alpha) {
    return new RunSummary(runId, job, "RUNNING", powergrad, alpha, latestStep, latestEpoch, samplesProcessed,
        samplesRejected, firstSeenMs, lastUpdateMs, thresholds, bytes);
  }

  /** After the run's RunFinished. */
  RunSummary withStatus(String newStatus) {
    return new RunSummary(runId, jobName, newStatus, powergradEnabled, powergradAlpha, latestStep, latestEpoch,
        samplesProcessed, samplesRejected, firstSeenMs, lastUpdateMs, thresholds, bytes);
  }

  /** The live state's counters. */
  RunSummary withCounts(long step, int epoch, long processed, long rejected) {
    return new RunSummary(runId, jobName, status, powergradEnabled, powergradAlpha, step, epoch, processed, rejected,
        firstSeenMs, lastUpdateMs, thresholds, bytes);
  }

  RunSummary touched(long nowMs, long newBytes) {
    return new RunSummary(runId, jobName, status, powergradEnabled, powergradAlpha, latestStep, latestEpoch,
        samplesProcessed, samplesRejected, firstSeenMs, nowMs, thresholds, newBytes);
  }

  /** A run seen for the first time. */
  static RunSummary started(String runId, List<String> thresholds, long nowMs) {
    return new RunSummary(runId, "", "RUNNING", false, null, -1, -1, 0, 0, nowMs, nowMs, thresholds, 0);
  }
}

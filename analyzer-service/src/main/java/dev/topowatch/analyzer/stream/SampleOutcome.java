package dev.topowatch.analyzer.stream;

import java.util.List;

/**
 * What processing one activation record did.
 *
 * @param reason set when rejected
 * @param computeNanos engine time, 0 when nothing was computed
 * @param publishedSampleTimes creation times of the samples whose metrics this record published
 */
public record SampleOutcome(
    Kind kind, RejectReason reason, String message, String runId, long computeNanos, int nonFiniteValues,
    List<Long> publishedSampleTimes) {

  public enum Kind { APPLIED, DUPLICATE, STALE, REJECTED }

  static SampleOutcome rejected(RejectReason reason, String message, String runId) {
    return new SampleOutcome(Kind.REJECTED, reason, message, runId, 0, 0, List.of());
  }

  public boolean rejected() {
    return kind == Kind.REJECTED;
  }
}

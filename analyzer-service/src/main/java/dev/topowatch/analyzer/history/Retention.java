package dev.topowatch.analyzer.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which recorded runs to delete: those not updated for {@code maxAge}, then, oldest update first,
 * as many as it takes to bring the total under {@code maxBytes}. Runs still live in the analyzer are
 * never chosen: cutting a run short while it streams would leave a record with a hole at its start.
 */
public record Retention(Duration maxAge, long maxBytes) {

  public Retention {
    if (maxAge.isNegative() || maxAge.isZero() || maxBytes <= 0) {
      throw new IllegalArgumentException("history retention and size must be positive");
    }
  }

  List<String> toDelete(Collection<RunSummary> runs, Set<String> live, long nowMs) {
    List<RunSummary> oldestFirst = runs.stream().sorted(Comparator.comparingLong(RunSummary::lastUpdateMs)).toList();
    long total = runs.stream().mapToLong(RunSummary::bytes).sum();
    List<String> delete = new ArrayList<>();
    for (RunSummary run : oldestFirst) {
      if (live.contains(run.runId())) {
        continue;
      }
      if (nowMs - run.lastUpdateMs() > maxAge.toMillis() || total > maxBytes) {
        delete.add(run.runId());
        total -= run.bytes();
      }
    }
    return delete;
  }
}

package dev.topowatch.rank;

/** Where {@link ModelRanker} is: candidate {@code index} of {@code total}, a stage, and how far into it. */
@FunctionalInterface
public interface RankProgress {
  RankProgress NONE = (index, total, candidate, stage, fraction) -> {};

  void update(int index, int total, String candidate, String stage, double fraction);
}

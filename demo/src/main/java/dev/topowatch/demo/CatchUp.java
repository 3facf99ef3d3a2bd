package dev.topowatch.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * After training ends, how long the demo waits for the analyzer to finish the samples still in
 * flight before it prints the summary: until the run's processed count has not moved for {@code
 * quiet}, but never longer than {@code limit} after training ended. Without that bound a count that
 * keeps moving (an analyzer far behind on a loaded machine) would hold the summary back forever.
 */
final class CatchUp {

  /** Where the wait stands after an observation. */
  enum State {
    WAITING,
    /** The count stood still for the quiet period: the analyzer has caught up. */
    CAUGHT_UP,
    /** The limit ran out while the count was still moving. */
    GAVE_UP
  }

  private final Duration quiet;
  private final Duration limit;
  private final Instant trainingEnded;
  private long lastProcessed = Long.MIN_VALUE;
  private Instant stillSince;

  CatchUp(Duration quiet, Duration limit, Instant trainingEnded) {
    if (quiet.isNegative() || limit.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("need 0 <= quiet <= limit, was quiet " + quiet + ", limit " + limit);
    }
    this.quiet = quiet;
    this.limit = limit;
    this.trainingEnded = trainingEnded;
  }

  State observe(long processed, Instant now) {
    if (processed != lastProcessed) {
      lastProcessed = processed;
      stillSince = now;
    }
    if (Duration.between(stillSince, now).compareTo(quiet) >= 0) {
      return State.CAUGHT_UP;
    }
    return Duration.between(trainingEnded, now).compareTo(limit) >= 0 ? State.GAVE_UP : State.WAITING;
  }

  Duration limit() {
    return limit;
  }
}

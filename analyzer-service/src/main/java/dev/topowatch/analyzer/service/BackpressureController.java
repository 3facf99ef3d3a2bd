package dev.topowatch.analyzer.service;

/**
 * Pause/resume decisions with hysteresis: pause when the records waiting for or in computation
 * reach {@code high}; resume when they fall to {@code low}. The consumer keeps polling while paused
 * (poll returns nothing for paused partitions), so it stays in its group: no rebalance.
 */
public final class BackpressureController {

  public enum Action { PAUSE, RESUME, NONE }

  private final int high;
  private final int low;
  private boolean paused;

  public BackpressureController(int high, int low) {
    if (high < 1 || low < 0 || low >= high) {
      throw new IllegalArgumentException("need 0 <= low < high, got low=" + low + " high=" + high);
    }
    this.high = high;
    this.low = low;
  }

  /** The action to take for the current number of records in flight. */
  public synchronized Action update(int inFlight) {
    if (!paused && inFlight >= high) {
      paused = true;
      return Action.PAUSE;
    }
    if (paused && inFlight <= low) {
      paused = false;
      return Action.RESUME;
    }
    return Action.NONE;
  }

  public synchronized boolean paused() {
    return paused;
  }

  public int high() {
    return high;
  }

  public int low() {
    return low;
  }
}

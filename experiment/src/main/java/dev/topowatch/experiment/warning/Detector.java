package dev.topowatch.experiment.warning;

import java.util.List;
import java.util.function.Predicate;

/**
 * One pre-registered early-warning detector (docs/preregistration.md): a condition on what a live
 * analyzer had at a sampled step, firing on the {@link #CONSECUTIVE}-th consecutive sampled step where
 * it holds. Detectors see the run's points in step order and only the past.
 */
public record Detector(String id, String family, String description, Condition condition) {

  /** Consecutive sampled steps (10 training steps apart) a condition must hold to fire. */
  public static final int CONSECUTIVE = 3;

  /** The condition at point {@code i}, given every point up to it. */
  public interface Condition {
    boolean holds(List<WarningRun.Point> points, int i);
  }

  /** The step it fires at, or -1. */
  public long detectionStep(List<WarningRun.Point> points) {
    int run = 0;
    for (int i = 0; i < points.size(); i++) {
      run = condition.holds(points, i) ? run + 1 : 0;
      if (run == CONSECUTIVE) {
        return points.get(i).step();
      }
    }
    return -1;
  }

  static Condition at(Predicate<WarningRun.Point> p) {
    return (points, i) -> p.test(points.get(i));
  }

  /**
   * The shipped alert's condition, {@code TopowatchUnitsDead}: the largest dead fraction ≥ 0.99. Not
   * pre-registered: its threshold was chosen after seeing the early-warning set (at 0.9 the dead fraction
   * fired on many runs that trained well).
   */
  public static Detector shipped() {
    return new Detector("D-dead (post hoc)", "dead fraction", "largest dead fraction over the ReLU layers ≥ 0.99 (the shipped "
        + "TopowatchUnitsDead; threshold chosen after seeing these runs)", at(p -> p.maxReluDead() >= 0.99));
  }

  /** The pre-registered detectors and, last, the shipped alert's post-hoc condition. */
  public static List<Detector> reported() {
    List<Detector> all = new java.util.ArrayList<>(preregistered());
    all.add(shipped());
    return all;
  }

  /** The pre-registered detectors, topology first. */
  public static List<Detector> preregistered() {
    return List.of(
        new Detector("T-perc", "topology", "dead set at η = 0 of the last conv layer in one piece: b0 ≤ 1.5 and b1 + b2 ≥ 1",
            at(p -> p.lastConvB0() <= 1.5 && p.lastConvB1() + p.lastConvB2() >= 1)),
        new Detector("T-late", "topology", "late-layer complexity ≤ 1 at every threshold (the old TopowatchLateLayersCollapsed)",
            at(p -> p.lateMax() <= 1)),
        new Detector("D-last", "dead fraction", "dead fraction of the last conv stage's ReLU ≥ 0.9",
            at(p -> p.lastReluDead() >= 0.9)),
        new Detector("D-max", "dead fraction", "largest dead fraction over the ReLU layers ≥ 0.9",
            at(p -> p.maxReluDead() >= 0.9)),
        new Detector("L-stall", "loss", "L50 ≥ 2.0 after it was below 1.5 (loss back at chance)",
            (points, i) -> points.get(i).loss50() >= Outcome.CHANCE && minBefore(points, i, WarningRun.Point::loss50) < Outcome.LEARNED),
        new Detector("L-rise", "loss", "L50 ≥ its running minimum + 0.5",
            (points, i) -> points.get(i).loss50() >= minBefore(points, i, WarningRun.Point::loss50) + 0.5),
        new Detector("A-chance", "accuracy", "50-step accuracy ≤ 0.2 after it was ≥ 0.5",
            (points, i) -> points.get(i).accuracy50() <= 0.2 && maxBefore(points, i, WarningRun.Point::accuracy50) >= 0.5));
  }

  private static double minBefore(List<WarningRun.Point> points, int i, java.util.function.ToDoubleFunction<WarningRun.Point> f) {
    return extremeBefore(points, i, f, true);
  }

  private static double maxBefore(List<WarningRun.Point> points, int i, java.util.function.ToDoubleFunction<WarningRun.Point> f) {
    return extremeBefore(points, i, f, false);
  }

  /** The smallest (or largest) finite value of {@code f} over the points before {@code i}; ±∞ when none. */
  private static double extremeBefore(List<WarningRun.Point> points, int i, java.util.function.ToDoubleFunction<WarningRun.Point> f,
      boolean min) {
    double best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (int k = 0; k < i; k++) {
      double v = f.applyAsDouble(points.get(k));
      if (!Double.isNaN(v)) {
        best = min ? Math.min(best, v) : Math.max(best, v);
      }
    }
    return best;
  }
}

package dev.topowatch.experiment.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The early-warning set (issue 17, item 5; pre-registered in docs/preregistration.md): the deep CNN
 * trained with Adam and a linear warm-up from 0 to a peak learning rate in {3e-3, 5e-3, 1e-2, 2e-2},
 * five seeds each, beside ten controls warmed up to 1e-3, every run sampled every 10 steps. Runs are
 * ordered seed by seed (each peak and two controls per seed), so a set stopped early covers every peak.
 */
public final class EarlyWarningPlan {

  public static final double[] PEAKS = {3e-3, 5e-3, 1e-2, 2e-2};
  public static final double CONTROL_RATE = 1e-3;

  /**
   * Exploratory peaks added after the first runs (amendment in docs/preregistration.md): none of the
   * pre-registered peaks had killed a run by step 1,200, so three seeds each at 5e-2 and 1e-1.
   */
  public static final double[] EXTRA_PEAKS = {5e-2, 1e-1};

  /** The analyzer's thresholds for this set: η = 0 (the dead set) and three above it. */
  public static final Map<String, String> ANALYZER = Map.of("engine.thresholds", "0,0.25,0.5,1");

  private EarlyWarningPlan() {}

  /** The exploratory runs of the amendment, three seeds per extra peak (one in the tiny budget). */
  public static List<RunSpec> extra(Budget budget) {
    int seeds = budget == Budget.FULL ? 3 : 1;
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      for (double peak : EXTRA_PEAKS) {
        runs.add(run("warmup-" + rate(peak) + "-s" + seed, Kind.WARMUP, seed, peak, budget));
      }
    }
    return runs;
  }

  /**
   * Amendment 2: runs that do die, to score the detectors on: the first grid's diverging recipe (Adam
   * at 5e-2 from the first step, no warm-up), seeds 1–3, on this set's protocol.
   */
  public static List<RunSpec> diverging(Budget budget) {
    int seeds = budget == Budget.FULL ? 3 : 1;
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      RunSpec warm = run("nowarmup-" + rate(5e-2) + "-s" + seed, Kind.WARMUP, seed, 5e-2, budget);
      runs.add(new RunSpec(warm.id(), warm.kind(), warm.seed(), warm.alpha(), warm.trainImages(), warm.epochs(), warm.batchSize(),
          warm.learningRate(), warm.sampleEvery(), warm.sampleSize(), warm.validationImages(), warm.testImages(), warm.probe(),
          warm.model(), warm.optimizer(), 0));
    }
    return runs;
  }

  public static List<RunSpec> plan(Budget budget) {
    int seeds = budget == Budget.FULL ? 5 : 1;
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      for (double peak : PEAKS) {
        runs.add(run("warmup-" + rate(peak) + "-s" + seed, Kind.WARMUP, seed, peak, budget));
      }
      for (int c = 2 * seed - 1; c <= 2 * seed; c++) {
        runs.add(run("control-" + rate(CONTROL_RATE) + "-s" + c, Kind.CONTROL, c, CONTROL_RATE, budget));
      }
    }
    return runs;
  }

  /**
   * Full: 19,200 training images, 2 epochs of 600 steps (batch 32), warm-up over the first 300
   * steps, validation on 1,000 images at each epoch end, 8 samples every 10 steps (120 sampled steps).
   * Sized for the shared 2-core machine: 30 runs × 1,200 steps is about an hour of background work.
   * Tiny: 4 epochs of 5 steps, warm-up 10, sampled every 2 steps.
   */
  private static RunSpec run(String id, Kind kind, int seed, double peak, Budget budget) {
    return budget == Budget.FULL
        ? new RunSpec(id, kind, seed, null, 19_200, 2, 32, peak, 10, 8, 1_000, 0, false, "deep", "adam", 300)
        : new RunSpec(id, kind, seed, null, 160, 4, 32, peak, 2, 4, 64, 0, false, "deep", "adam", 10);
  }

  static String rate(double r) {
    return String.format(Locale.ROOT, "%.0e", r).replace("e-0", "e-");
  }
}

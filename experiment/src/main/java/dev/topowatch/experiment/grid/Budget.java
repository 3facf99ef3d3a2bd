package dev.topowatch.experiment.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The size of the grid. {@code full}: every kind with three seeds, sized to finish in about half an
 * hour of training on an idle 2-core machine (the deep CNN takes about 17 ms a step single-threaded).
 * {@code tiny}: one seed per kind and a few steps each, for the test that runs the command end to end.
 */
public enum Budget {
  FULL(3),
  TINY(1);

  /** PowerGrad's α values in the grid (α = 1 is ordinary training through PowerGradLoss: the control). */
  public static final double[] ALPHAS = {1.0, 0.5, 0.25};

  private final int seeds;

  Budget(int seeds) {
    this.seeds = seeds;
  }

  public static Budget of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public int seeds() {
    return seeds;
  }

  /**
   * The runs, seed by seed (all kinds of seed 1 first), so a grid stopped early still covers every
   * kind. Seeds are 1, 2, 3: deterministic, and the same for every kind, so kinds differ only in
   * what the kind changes.
   */
  public List<RunSpec> plan() {
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      runs.add(healthy("healthy-s" + seed, Kind.HEALTHY, seed, null, true));
      runs.add(overfitting(seed));
      runs.add(diverging(seed));
      for (double alpha : ALPHAS) {
        runs.add(healthy("powergrad-a" + alphaLabel(alpha) + "-s" + seed, Kind.POWERGRAD, seed, alpha, false));
      }
    }
    // Last, so a grid recorded before they were added resumes with them alone.
    for (int seed = 1; seed <= seeds; seed++) {
      runs.add(demoModel(seed));
    }
    return runs;
  }

  static String alphaLabel(double alpha) {
    return alpha == Math.rint(alpha) ? String.valueOf((int) alpha) : String.valueOf(alpha);
  }

  /** Full training set, two epochs, Adam at 1e-3, sampled every 50 steps (75 points). */
  private RunSpec healthy(String id, Kind kind, int seed, Double alpha, boolean probe) {
    return this == FULL
        ? new RunSpec(id, kind, seed, alpha, 60_000, 2, 32, 1e-3, 50, 16, 2_000, 5_000, probe)
        : new RunSpec(id, kind, seed, alpha, 160, 2, 32, 1e-3, 2, 4, 64, 64, probe);
  }

  /** 1,000 images, 80 epochs (32 steps each), Adam at 1e-3, no regularisation, sampled every 20 steps (128 points). */
  private RunSpec overfitting(int seed) {
    return this == FULL
        ? new RunSpec("overfitting-s" + seed, Kind.OVERFITTING, seed, null, 1_000, 80, 32, 1e-3, 20, 16, 2_000, 5_000, false)
        : new RunSpec("overfitting-s" + seed, Kind.OVERFITTING, seed, null, 64, 5, 32, 1e-3, 2, 4, 64, 64, false);
  }

  /** The demo's job: the small CNN, SGD at 0.05, 3 epochs of 100 steps, sampled every 10 steps with 8 samples. */
  private RunSpec demoModel(int seed) {
    return this == FULL
        ? new RunSpec("demo-model-s" + seed, Kind.DEMO_MODEL, seed, null, 3_200, 3, 32, 0.05, 10, 8, 256, 2_000, false, "small", "sgd")
        : new RunSpec("demo-model-s" + seed, Kind.DEMO_MODEL, seed, null, 64, 2, 32, 0.05, 1, 4, 64, 64, false, "small", "sgd");
  }

  /** Adam at 0.05 (50× the healthy rate): the network collapses to chance; 5 epochs of 12,000 images, sampled every 25 steps. */
  private RunSpec diverging(int seed) {
    return this == FULL
        ? new RunSpec("diverging-s" + seed, Kind.DIVERGING, seed, null, 12_000, 5, 32, 0.05, 25, 16, 2_000, 5_000, false)
        : new RunSpec("diverging-s" + seed, Kind.DIVERGING, seed, null, 160, 2, 32, 0.05, 2, 4, 64, 64, false);
  }
}

package dev.topowatch.rank;

import java.util.regex.Pattern;

/**
 * What {@link ModelRanker} measures.
 *
 * @param thresholds absolute thresholds η (the paper's 0, 0.25, …, 1.75 by default)
 * @param quantiles scale-free thresholds: quantiles q of each volume's own values (empty: none)
 * @param layers the layers whose Ω enter θ and the depth trend (null: each candidate's default)
 */
public record RankOptions(double[] thresholds, double[] quantiles, Pattern layers) {
  /** The paper's thresholds. */
  public static final double[] PAPER_THRESHOLDS = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75};

  public RankOptions {
    if (thresholds.length == 0 && quantiles.length == 0) {
      throw new IllegalArgumentException("need at least one threshold or quantile");
    }
    for (double q : quantiles) {
      if (!(q >= 0 && q <= 1)) {
        throw new IllegalArgumentException("quantiles must lie in [0, 1], got " + q);
      }
    }
    for (double t : thresholds) {
      if (Double.isNaN(t)) {
        throw new IllegalArgumentException("a threshold is NaN");
      }
    }
  }

  public static RankOptions paper() {
    return new RankOptions(PAPER_THRESHOLDS.clone(), new double[0], null);
  }
}

package dev.topowatch.agent.powergrad;

import java.util.Arrays;

/**
 * PowerGrad's terms for a batch of logits, computed on the host in double precision: plain arrays in,
 * numbers out. For the small logits of a classifier (rows × classes), one pass here costs less than
 * the dozen native array operations the same maths takes on an engine.
 *
 * <p>Per row r, with p = softmax(z), p' = softmax(α·z) and target distribution q: the direction
 * (p' − q)/N scaled by the loss weight, the weighted cross-entropy −Σ q log p / N, and the dot
 * product of the logits with the direction (the value the surrogate adds, to be cancelled). When the
 * predictions are log-probabilities ({@code fromLogit} false), log p = z and softmax(α·z) = p^α/Σ p^α.
 */
final class PowerGradTerms {
  final float[] direction;
  final double crossEntropy;
  final double logitDotDirection;

  private PowerGradTerms(float[] direction, double crossEntropy, double logitDotDirection) {
    this.direction = direction;
    this.crossEntropy = crossEntropy;
    this.logitDotDirection = logitDotDirection;
  }

  /** The target distribution of one batch: class indices or dense rows, then label smoothing ε. */
  record Targets(long[] classIndex, float[] dense, float smoothing) {
    static Targets sparse(long[] classIndex, float smoothing) {
      return new Targets(classIndex, null, smoothing);
    }

    static Targets dense(float[] dense, float smoothing) {
      return new Targets(null, dense, smoothing);
    }

    /** q for row {@code r}, class {@code c} of {@code classes}. */
    double at(int r, int c, int classes) {
      double raw = classIndex != null ? (classIndex[r] == c ? 1 : 0) : dense[r * classes + c];
      return smoothing == 0 ? raw : (1 - smoothing) * raw + smoothing / classes;
    }

    /** Checks the targets fit {@code rows × classes}; class indices must lie in [0, classes). */
    void check(int rows, int classes) {
      if (classIndex != null) {
        if (classIndex.length != rows) {
          throw new IllegalArgumentException(
              "expected " + rows + " class-index labels (one per row of logits), got " + classIndex.length);
        }
        for (long k : classIndex) {
          if (k < 0 || k >= classes) {
            throw new IllegalArgumentException("class-index label " + k + " outside [0, " + classes + ")");
          }
        }
      } else if (dense.length != (long) rows * classes) {
        throw new IllegalArgumentException(
            "expected dense labels with " + (long) rows * classes + " values (as the logits), got " + dense.length);
      }
    }
  }

  /** Just the weighted cross-entropy (for the accumulators, which need no gradient). */
  static double crossEntropy(float[] z, int classes, Targets q, boolean fromLogit, float weight) {
    int rows = z.length / classes;
    q.check(rows, classes);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += rowCrossEntropy(z, r * classes, classes, r, q, fromLogit);
    }
    return weight * sum / rows;
  }

  static PowerGradTerms compute(
      float[] z, int classes, Targets q, float alpha, boolean fromLogit, float weight) {
    int rows = z.length / classes;
    q.check(rows, classes);
    float[] direction = new float[z.length];
    double[] powered = new double[classes];
    double ce = 0;
    double dot = 0;
    double scale = (double) weight / rows;
    for (int r = 0; r < rows; r++) {
      int from = r * classes;
      ce += rowCrossEntropy(z, from, classes, r, q, fromLogit);
      softmax(z, from, classes, alpha, powered);
      for (int c = 0; c < classes; c++) {
        float d = (float) ((powered[c] - q.at(r, c, classes)) * scale);
        direction[from + c] = d;
        dot += (double) z[from + c] * d;
      }
    }
    return new PowerGradTerms(direction, weight * ce / rows, dot);
  }

  /** −Σ_c q_c log p_c for one row. */
  private static double rowCrossEntropy(float[] z, int from, int classes, int r, Targets q, boolean fromLogit) {
    double logSumExp = fromLogit ? logSumExp(z, from, classes) : 0;
    double ce = 0;
    for (int c = 0; c < classes; c++) {
      ce -= q.at(r, c, classes) * (z[from + c] - logSumExp);
    }
    return ce;
  }

  private static double logSumExp(float[] z, int from, int classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, z[from + c]);
    }
    if (Double.isInfinite(max)) {
      return max; // all −∞ (or a +∞): no finite normaliser, the row's result is not finite either
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(z[from + c] - max);
    }
    return max + Math.log(sum);
  }

  /** softmax(α·z) of one row into {@code out}; α = 0 is the uniform distribution. */
  private static void softmax(float[] z, int from, int classes, float alpha, double[] out) {
    if (alpha == 0) {
      Arrays.fill(out, 1.0 / classes);
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, alpha * (double) z[from + c]);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      out[c] = Math.exp(alpha * (double) z[from + c] - max);
      sum += out[c];
    }
    for (int c = 0; c < classes; c++) {
      out[c] /= sum;
    }
  }
}

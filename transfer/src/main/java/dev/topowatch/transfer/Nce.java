package dev.topowatch.transfer;

/**
 * NCE, negative conditional entropy (Tran, Nguyen, Hassner, "Transferability and Hardness of
 * Supervised Classification Tasks", ICCV 2019): −H(Y | Z) of the target labels Y given the source
 * labels Z, from their empirical joint distribution over the N samples. The source label of a
 * sample is the source model's most probable class (ties to the lowest index), as LEEP's paper does
 * when it compares with NCE. Always ≤ 0; higher (closer to 0) is better. Natural logarithm.
 */
public final class Nce {
  private Nce() {}

  /**
   * @param sourceProbs N rows of the source model's class probabilities
   * @param labels N target labels in 0..C-1, every class present
   */
  public static double score(double[][] sourceProbs, int[] labels) {
    int classes = Inputs.classes(sourceProbs, labels, "source-probs");
    Inputs.probabilities(sourceProbs);
    int n = sourceProbs.length;
    int z = sourceProbs[0].length;
    long[][] count = new long[classes][z];
    long[] perZ = new long[z];
    for (int i = 0; i < n; i++) {
      int k = argmax(sourceProbs[i]);
      count[labels[i]][k]++;
      perZ[k]++;
    }
    double nce = 0;
    for (int y = 0; y < classes; y++) {
      for (int k = 0; k < z; k++) {
        if (count[y][k] > 0) {
          nce += (double) count[y][k] / n * Math.log((double) count[y][k] / perZ[k]);
        }
      }
    }
    return nce;
  }

  static int argmax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }
}

package dev.topowatch.transfer;

/**
 * LEEP (Nguyen, Hassner, Seeger, Archambeau, "LEEP: A New Measure to Evaluate Transferability of
 * Learned Representations", ICML 2020). With θ(x) the source model's softmax over its Z classes:
 * the empirical joint P̂(y, z) = (1/N) Σ_{i: yᵢ = y} θ(xᵢ)_z, the conditional P̂(y | z) = P̂(y, z) /
 * Σ_y' P̂(y', z), and LEEP = (1/N) Σᵢ log Σ_z P̂(yᵢ | z) θ(xᵢ)_z: the mean log-likelihood of the
 * "expected empirical predictor". Always ≤ 0; higher is better.
 */
public final class Leep {
  private Leep() {}

  /**
   * @param sourceProbs N rows of the source model's class probabilities (softmax outputs)
   * @param labels N target labels in 0..C-1, every class present
   */
  public static double score(double[][] sourceProbs, int[] labels) {
    int classes = Inputs.classes(sourceProbs, labels, "source-probs");
    Inputs.probabilities(sourceProbs);
    int n = sourceProbs.length;
    int z = sourceProbs[0].length;
    double[][] joint = new double[classes][z];
    double[] marginal = new double[z];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < z; k++) {
        joint[labels[i]][k] += sourceProbs[i][k] / n;
        marginal[k] += sourceProbs[i][k] / n;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double eep = 0;
      for (int k = 0; k < z; k++) {
        if (marginal[k] > 0) {
          eep += joint[labels[i]][k] / marginal[k] * sourceProbs[i][k];
        }
      }
      sum += Math.log(eep);
    }
    return sum / n;
  }
}

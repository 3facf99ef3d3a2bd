package dev.topowatch.topology;

/**
 * Ω, the paper's topological complexity of a layer (spec section 4): the mean over samples of
 * β0 + β1 + β2 of each sample's activation volume at one threshold.
 */
public final class TopologicalComplexity {
  private TopologicalComplexity() {}

  /** The complexity of one volume: the sum of its Betti numbers. */
  public static long of(long[] betti) {
    long sum = 0;
    for (long b : betti) {
      sum += b;
    }
    return sum;
  }

  /**
   * Ω per layer from {@code betti[sample][layer][k]}: the mean over samples.
   *
   * @throws IllegalArgumentException if there are no samples or the samples disagree on the layers
   */
  public static double[] perLayer(long[][][] betti) {
    if (betti == null || betti.length == 0) {
      throw new IllegalArgumentException("need at least one sample");
    }
    int layers = betti[0].length;
    double[] sum = new double[layers];
    for (int s = 0; s < betti.length; s++) {
      if (betti[s].length != layers) {
        throw new IllegalArgumentException(
            "sample " + s + " has " + betti[s].length + " layers, sample 0 has " + layers);
      }
      for (int l = 0; l < layers; l++) {
        sum[l] += of(betti[s][l]);
      }
    }
    for (int l = 0; l < layers; l++) {
      sum[l] /= betti.length;
    }
    return sum;
  }

  /**
   * Ω per layer from {@code betti[class][sample][layer][k]} as the authors compute it: the mean
   * within each class, then the mean over classes (equal to the plain mean when classes have equal
   * sample counts).
   *
   * @throws IllegalArgumentException if there are no classes, a class has no samples, or the
   *     layer counts differ
   */
  public static double[] perLayerByClass(long[][][][] betti) {
    if (betti == null || betti.length == 0) {
      throw new IllegalArgumentException("need at least one class");
    }
    double[] mean = null;
    for (int c = 0; c < betti.length; c++) {
      double[] perClass = perLayer(betti[c]);
      if (mean == null) {
        mean = new double[perClass.length];
      } else if (perClass.length != mean.length) {
        throw new IllegalArgumentException(
            "class " + c + " has " + perClass.length + " layers, class 0 has " + mean.length);
      }
      for (int l = 0; l < mean.length; l++) {
        mean[l] += perClass[l] / betti.length;
      }
    }
    return mean;
  }
}

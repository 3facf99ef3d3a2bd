package dev.topowatch.rank;

/** Test access to the ranker's softmax. */
public final class ModelRankerAccess {
  private ModelRankerAccess() {}

  public static double[][] softmax(double[][] logits) {
    return ModelRanker.softmax(logits);
  }
}

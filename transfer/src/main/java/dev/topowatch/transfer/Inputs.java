package dev.topowatch.transfer;

/** Checks shared by the scores: a clear message for the user instead of a NaN or an index error. */
final class Inputs {
  private Inputs() {}

  /** The number of target classes (largest label + 1), after checking that every class 0..C-1 occurs. */
  static int classes(double[][] rows, int[] labels, String rowsName) {
    if (rows == null || labels == null) {
      throw new IllegalArgumentException(rowsName + " and labels are required");
    }
    if (rows.length != labels.length) {
      throw new IllegalArgumentException(rowsName + " has " + rows.length + " rows but there are " + labels.length + " labels");
    }
    if (rows.length < 2) {
      throw new IllegalArgumentException("need at least 2 samples, got " + rows.length);
    }
    int width = rows[0].length;
    if (width == 0) {
      throw new IllegalArgumentException(rowsName + " has no columns");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException(rowsName + " row " + i + " has " + rows[i].length + " columns, row 0 has " + width);
      }
      for (int j = 0; j < width; j++) {
        if (!Double.isFinite(rows[i][j])) {
          throw new IllegalArgumentException(rowsName + "[" + i + "][" + j + "] is not finite: " + rows[i][j]);
        }
      }
    }
    int max = -1;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException("label " + i + " is negative: " + labels[i]);
      }
      max = Math.max(max, labels[i]);
    }
    int[] count = new int[max + 1];
    for (int y : labels) {
      count[y]++;
    }
    for (int c = 0; c < count.length; c++) {
      if (count[c] == 0) {
        throw new IllegalArgumentException("labels must be 0.." + max + " with every class present; class " + c + " has no sample");
      }
    }
    return max + 1;
  }

  /** Checks that every row is a probability distribution (non-negative, sums to 1 within 1e-3). */
  static void probabilities(double[][] probs) {
    for (int i = 0; i < probs.length; i++) {
      double sum = 0;
      for (int z = 0; z < probs[i].length; z++) {
        if (probs[i][z] < 0) {
          throw new IllegalArgumentException("source-probs row " + i + " has a negative probability: " + probs[i][z]);
        }
        sum += probs[i][z];
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new IllegalArgumentException("source-probs row " + i + " sums to " + sum + ", not 1 (pass softmax outputs, not logits)");
      }
    }
  }
}

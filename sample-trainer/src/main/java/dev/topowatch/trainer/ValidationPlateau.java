package dev.topowatch.trainer;

/**
 * The stopping rule "validation loss flat": training stops after {@code patience} consecutive epochs
 * in which the validation loss did not fall below its best so far by more than {@code minRelativeDrop}
 * of that best. A loss that is not finite counts as no improvement (a diverged run stops too).
 */
final class ValidationPlateau {

  /** A fall smaller than this share of the best loss is noise, not progress. */
  static final double MIN_RELATIVE_DROP = 0.01;

  private final int patience;
  private double best = Double.POSITIVE_INFINITY;
  private int flatEpochs;

  ValidationPlateau(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 epoch, was " + patience);
    }
    this.patience = patience;
  }

  /** Records one epoch's validation loss; true when training should stop after this epoch. */
  boolean flatAfter(double validationLoss) {
    if (Double.isFinite(validationLoss) && validationLoss < best * (1 - MIN_RELATIVE_DROP)) {
      best = validationLoss;
      flatEpochs = 0;
    } else {
      flatEpochs++;
    }
    return flatEpochs >= patience;
  }
}

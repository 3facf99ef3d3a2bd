package dev.topowatch.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A dataset that hands out a fixed number of batches in all, split over the epochs as evenly as
 * it goes (the first {@code total % epochs} epochs one batch longer): {@code --total-steps 200} over
 * 3 epochs trains 67 + 67 + 66 steps, not 3 × 67 = 201. Each epoch is one pass over the inner
 * dataset, cut short at its share.
 */
final class StepBudgetDataset implements Dataset {

  private final Dataset inner;
  private final long total;
  private final int epochs;
  private int epoch;

  StepBudgetDataset(Dataset inner, long total, int epochs) {
    this.inner = inner;
    this.total = total;
    this.epochs = epochs;
  }

  /** Steps of epoch {@code e} (0-based) when {@code total} steps are split over {@code epochs}. */
  static long share(long total, int epochs, int e) {
    return total / epochs + (e < total % epochs ? 1 : 0);
  }

  /** Batches the inner dataset must hold: the longest epoch's share. */
  static long longestEpoch(long total, int epochs) {
    return share(total, epochs, 0);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
    Iterable<Batch> batches = inner.getData(manager);
    long budget = share(total, epochs, epoch++);
    return () -> {
      Iterator<Batch> it = batches.iterator();
      return new Iterator<>() {
        private long handedOut;

        @Override
        public boolean hasNext() {
          return handedOut < budget && it.hasNext();
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          handedOut++;
          return it.next();
        }
      };
    };
  }

  @Override
  public void prepare(Progress progress) throws IOException, TranslateException {
    inner.prepare(progress);
  }
}

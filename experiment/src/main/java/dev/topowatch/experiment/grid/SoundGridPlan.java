package dev.topowatch.experiment.grid;

import java.util.ArrayList;
import java.util.List;

/**
 * The sound grid (issue 17, item 4; pre-registered in docs/preregistration.md, amendment 3): the
 * first grid's kinds made sound. Healthy runs train until the validation loss is flat (the trainer's
 * {@code --stop-when-flat}), over-fitting runs train far past their validation minimum on a small
 * subset with nothing regularising them, each on the plain deep CNN and on the same network with
 * batch norm ({@code deep-bn}), beside the demo's model. Every run evaluates a fixed training subset
 * at each epoch end, like validation. Runs are ordered seed by seed, so a grid stopped early covers
 * every kind.
 */
public final class SoundGridPlan {

  /** The two networks compared: the plain deep CNN and the same with batch norm after every convolution. */
  public static final List<String> MODELS = List.of("deep", "deep-bn");

  /** Epochs without a 1 % fall of the best validation loss after which a healthy run stops. */
  public static final int PATIENCE = 2;

  private SoundGridPlan() {}

  public static List<RunSpec> plan(Budget budget) {
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 1; seed <= budget.seeds(); seed++) {
      for (String model : MODELS) {
        runs.add(healthy(budget, model, seed));
        runs.add(overfitting(budget, model, seed));
      }
      runs.add(demoModel(budget, seed));
    }
    return runs;
  }

  private static String suffix(String model, int seed) {
    return (model.equals("deep") ? "" : "-bn") + "-s" + seed;
  }

  /**
   * Full: all 60,000 training images, Adam at 1e-3, batch 32 (1,875 steps an epoch), until the
   * validation loss (2,000 images) is flat for {@value #PATIENCE} epochs, at most 15 epochs; sampled
   * every 125 steps (15 points an epoch); 2,000 training images evaluated at each epoch end.
   */
  private static RunSpec healthy(Budget budget, String model, int seed) {
    return budget == Budget.FULL
        ? new RunSpec("healthy" + suffix(model, seed), Kind.HEALTHY, seed, null, 60_000, 15, 32, 1e-3, 125, 16, 2_000, 5_000,
            false, model, "adam", 0, 2_000, PATIENCE)
        : new RunSpec("healthy" + suffix(model, seed), Kind.HEALTHY, seed, null, 96, 4, 32, 1e-3, 2, 4, 64, 64,
            false, model, "adam", 0, 32, 1);
  }

  /**
   * Full: 1,000 training images, 80 epochs of 32 steps, Adam at 1e-3, no stopping, no weight decay,
   * dropout or augmentation, sampled every 20 steps; the whole training subset evaluated each epoch.
   */
  private static RunSpec overfitting(Budget budget, String model, int seed) {
    return budget == Budget.FULL
        ? new RunSpec("overfitting" + suffix(model, seed), Kind.OVERFITTING, seed, null, 1_000, 80, 32, 1e-3, 20, 16, 2_000, 5_000,
            false, model, "adam", 0, 1_000, 0)
        : new RunSpec("overfitting" + suffix(model, seed), Kind.OVERFITTING, seed, null, 64, 5, 32, 1e-3, 2, 4, 64, 64,
            false, model, "adam", 0, 64, 0);
  }

  /** The demo's job as the demo runs it (small CNN, SGD at 0.05, 3 epochs of 100 steps, sampled every 10), with the training subset. */
  private static RunSpec demoModel(Budget budget, int seed) {
    return budget == Budget.FULL
        ? new RunSpec("demo-model-s" + seed, Kind.DEMO_MODEL, seed, null, 3_200, 3, 32, 0.05, 10, 8, 256, 2_000, false, "small",
            "sgd", 0, 1_000, 0)
        : new RunSpec("demo-model-s" + seed, Kind.DEMO_MODEL, seed, null, 64, 2, 32, 0.05, 1, 4, 64, 64, false, "small", "sgd", 0,
            32, 0);
  }
}

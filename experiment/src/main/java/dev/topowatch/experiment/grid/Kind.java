package dev.topowatch.experiment.grid;

/** The four kinds of training run in the grid. */
public enum Kind {
  /** The full training set, a sane learning rate: what a good run looks like. */
  HEALTHY("healthy", false),
  /** 1,000 training images, many epochs, no regularisation: memorises, validation loss turns up. */
  OVERFITTING("overfitting", true),
  /** A learning rate far too high: the network collapses to chance. */
  DIVERGING("diverging", true),
  /** Healthy training with the PowerGrad transform at some α (α = 1 is ordinary training through PowerGradLoss). */
  POWERGRAD("powergrad", false),
  /**
   * The demo's small CNN (two conv stages, a flatten and dense head), trained as the demo trains it
   * (SGD): not part of the comparison of kinds, only of which layers should enter θ, because its
   * flatten layer is the 1-D layer users see dominate the demo's Ω table.
   */
  DEMO_MODEL("demo-model", false),
  /**
   * The early-warning set: Adam with a linear warm-up to a high peak learning rate, so that a run may
   * die gradually (ReLUs going dead) instead of at once. Whether it died is read from its outcome.
   */
  WARMUP("warmup", false),
  /** The early-warning set's controls: the same warm-up to Adam's usual 1e-3. Any alert on them is false. */
  CONTROL("control", false);

  private final String label;
  private final boolean unhealthy;

  Kind(String label, boolean unhealthy) {
    this.label = label;
    this.unhealthy = unhealthy;
  }

  /** The name used in run ids and CSV files. */
  public String label() {
    return label;
  }

  /** True for the kinds an alert should catch; false for runs that train well (healthy and PowerGrad). */
  public boolean unhealthy() {
    return unhealthy;
  }

  public static Kind of(String label) {
    for (Kind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown kind '" + label + "'");
  }
}

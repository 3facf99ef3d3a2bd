package dev.topowatch.agent.sampling;

/**
 * Which steps are sampled and metered, and how many samples a batch gives. Pure arithmetic, so the
 * hot path asks one cheap question per step.
 */
public final class SamplingPlan {
  private final int every;
  private final int size;
  private final int metricsEvery;

  /**
   * @param every sample when {@code step % every == 0}; 0 = never
   * @param size samples per layer per sampled step
   * @param metricsEvery StepMetrics when {@code step % metricsEvery == 0}; 0 = never
   */
  public SamplingPlan(int every, int size, int metricsEvery) {
    this.every = every;
    this.size = size;
    this.metricsEvery = metricsEvery;
  }

  public boolean isSampledStep(long step) {
    return every > 0 && step % every == 0;
  }

  public boolean isMetricsStep(long step) {
    return metricsEvery > 0 && step % metricsEvery == 0;
  }

  /** How many samples to take from a batch: the first {@code min(size, batch)}. */
  public int samplesFrom(long batchSize) {
    return (int) Math.max(0, Math.min(size, batchSize));
  }
}

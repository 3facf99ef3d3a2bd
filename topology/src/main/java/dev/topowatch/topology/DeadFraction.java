package dev.topowatch.topology;

/**
 * The share of a volume's activations that are ≤ 0: after a ReLU, the units that pass no signal (and,
 * for a unit dead on every input, no gradient). It is the volume at threshold η = 0 seen as a count
 * instead of a shape, and costs one pass. NaN values belong to no sublevel set (topology spec §2), so
 * they are neither dead nor counted; −∞ is dead, +∞ is not.
 */
public final class DeadFraction {

  private DeadFraction() {}

  /** Values ≤ 0 over values that are not NaN; NaN when every value is NaN (or there are none). */
  public static double of(float[] values) {
    long dead = 0;
    long counted = 0;
    for (float v : values) {
      if (v <= 0) {
        dead++;
        counted++;
      } else if (!Float.isNaN(v)) {
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : (double) dead / counted;
  }
}

package dev.topowatch.experiment.warning;

/**
 * How a run ended, from the trainer's own per-step loss (docs/preregistration.md): L50(s) is the mean
 * batch loss over steps s−49..s. A run <b>died</b> when L50 at its last step is ≥ {@link #CHANCE}
 * after it had been below {@link #LEARNED}; it <b>never learned</b> when L50 never fell below
 * {@link #LEARNED}; otherwise it <b>survived</b>. The death step is the first step from which L50
 * stays ≥ {@link #CHANCE} to the end.
 */
public record Outcome(Kind kind, long deathStep, double finalL50) {

  public enum Kind { DIED, NEVER_LEARNED, SURVIVED }

  public static final double CHANCE = 2.0;
  public static final double LEARNED = 1.5;
  public static final int WINDOW = 50;

  /** @param loss batch loss by step, from step 0 */
  public static Outcome of(double[] loss) {
    double[] l50 = runningMean(loss, WINDOW);
    int n = l50.length;
    if (n == 0) {
      throw new IllegalArgumentException("a run without steps has no outcome");
    }
    boolean learned = false;
    for (int s = WINDOW - 1; s < n; s++) {
      learned |= l50[s] < LEARNED;
    }
    double last = l50[n - 1];
    if (!learned) {
      return new Outcome(Kind.NEVER_LEARNED, -1, last);
    }
    if (last < CHANCE) {
      return new Outcome(Kind.SURVIVED, -1, last);
    }
    int s = n - 1;
    while (s > 0 && l50[s - 1] >= CHANCE) {
      s--;
    }
    return new Outcome(Kind.DIED, s, last);
  }

  /** mean of {@code v[s−w+1..s]} (fewer at the start); NaN entries are skipped. */
  static double[] runningMean(double[] v, int w) {
    double[] out = new double[v.length];
    for (int s = 0; s < v.length; s++) {
      double sum = 0;
      int count = 0;
      for (int i = Math.max(0, s - w + 1); i <= s; i++) {
        if (!Double.isNaN(v[i])) {
          sum += v[i];
          count++;
        }
      }
      out[s] = count == 0 ? Double.NaN : sum / count;
    }
    return out;
  }
}

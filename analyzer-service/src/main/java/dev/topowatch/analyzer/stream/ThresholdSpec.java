package dev.topowatch.analyzer.stream;

import dev.topowatch.topology.Quantiles;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The thresholds η at which Betti numbers are computed, in one of three modes:
 * <ul>
 *   <li>{@code absolute}: fixed values (default the paper's {@code 0, 0.25, …, 1.75}), labelled {@code 0.25};
 *   <li>{@code quantile}: quantiles q ∈ [0, 1] of each volume's own finite values (linear
 *       interpolation between order statistics, as numpy's default), labelled {@code q0.25};
 *   <li>{@code standardised}: z-scores, η = mean + z·sd of each volume's own finite values
 *       (population sd; a constant volume has η = its value), labelled {@code z0.25}.
 * </ul>
 * The last two are scale-free: multiplying a volume by c > 0 leaves its Betti numbers unchanged.
 */
public final class ThresholdSpec {

  /** How configured values become a volume's thresholds. */
  public enum Mode {
    ABSOLUTE(""), QUANTILE("q"), STANDARDISED("z");

    private final String prefix;

    Mode(String prefix) {
      this.prefix = prefix;
    }

    /** {@code absolute}, {@code quantile} or {@code standardised}; a clear error otherwise. */
    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException("engine.threshold-mode must be absolute, quantile or standardised, was '" + s + "'");
    }
  }

  private final double[] values;
  private final Mode mode;
  private final List<String> labels;

  public ThresholdSpec(double[] values, boolean quantiles) {
    this(values, quantiles ? Mode.QUANTILE : Mode.ABSOLUTE);
  }

  public ThresholdSpec(double[] values, Mode mode) {
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one threshold is needed");
    }
    this.values = values.clone();
    this.mode = mode;
    this.labels = Arrays.stream(values).mapToObj(v -> label(v, mode)).toList();
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("thresholds must be distinct: " + labels);
    }
  }

  public int size() {
    return values.length;
  }

  /** True when each volume gets its own thresholds (quantile or standardised). */
  public boolean quantileMode() {
    return mode != Mode.ABSOLUTE;
  }

  public Mode mode() {
    return mode;
  }

  /** The configured values (η, q or z). */
  public double[] values() {
    return values.clone();
  }

  /** Metric label of each threshold, e.g. {@code 0.25} or {@code q0.25}. */
  public List<String> labels() {
    return labels;
  }

  /** The η values for one volume: the configured values, or that volume's quantiles. */
  public double[] resolve(float[] volume) {
    if (mode == Mode.ABSOLUTE) {
      return values.clone();
    }
    if (mode == Mode.STANDARDISED) {
      return standardised(volume);
    }
    return Quantiles.of(volume, 0, volume.length, values);
  }

  private double[] standardised(float[] volume) {
    double sum = 0;
    long n = 0;
    for (float v : volume) {
      if (Float.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("a volume without finite values has no mean and spread");
    }
    double mean = sum / n;
    double squares = 0;
    for (float v : volume) {
      if (Float.isFinite(v)) {
        squares += (v - mean) * (v - mean);
      }
    }
    double sd = Math.sqrt(squares / n);
    double[] eta = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      eta[i] = mean + values[i] * sd;
    }
    return eta;
  }

  static String label(double v, boolean quantile) {
    return label(v, quantile ? Mode.QUANTILE : Mode.ABSOLUTE);
  }

  static String label(double v, Mode mode) {
    if (mode == Mode.QUANTILE) {
      double percent = v * 100;
      return Math.rint(percent) == percent
          ? String.format(Locale.ROOT, "q%.2f", v)
          : "q" + BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
    if (mode == Mode.STANDARDISED) {
      return "z" + (v == 0 ? "0" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    }
    if (v == 0) {
      return "0";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}

package dev.topowatch.experiment.stats;

import java.util.Arrays;
import java.util.Locale;

/** Mean and sample standard deviation (n − 1) of the finite values. */
public record MeanStd(double mean, double std, int n) {

  public static MeanStd of(double... values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (v.length == 0) {
      return new MeanStd(Double.NaN, Double.NaN, 0);
    }
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
    return new MeanStd(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN, v.length);
  }

  /** "m ± s" with {@code decimals} decimals and a typographic minus ("m" alone for one value, "n/a" for none). */
  public String format(int decimals) {
    if (n == 0) {
      return "n/a";
    }
    String f = "%." + decimals + "f";
    String text = n == 1 ? String.format(Locale.ROOT, f, mean) : String.format(Locale.ROOT, f + " ± " + f, mean, std);
    return text.replace('-', '−'); // the typographic minus, as in the page's prose
  }
}

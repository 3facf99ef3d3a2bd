package dev.topowatch.topology.workload;

import dev.topowatch.topology.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one generator of activation-like volumes behind every benchmark and load generator: Gaussian
 * noise smoothed by two 3×3×3 box filters (nearby units correlate, as in a convolution output),
 * scaled to unit variance, shifted so that about 40% of the units are negative, then ReLU — many
 * exact zeros (ties) and a continuum of positive values spanning the paper's thresholds 0..1.75.
 * Seeded: the same seed and shape give the same volume.
 */
public final class ActivationVolumes {
  /** A CIFAR-sized convolution output: 32 channels of 28×28. */
  public static final int[] SHAPE = {32, 28, 28};

  private ActivationVolumes() {}

  /** One 32×28×28 volume. */
  public static Volume one(long seed) {
    return one(seed, SHAPE);
  }

  /**
   * One volume of the given shape (rank 1 to 3).
   *
   * @throws IllegalArgumentException for a shape {@link Volume#of} refuses
   */
  public static Volume one(long seed, int... shape) {
    int[] s3 = {1, 1, 1};
    if (shape.length >= 1 && shape.length <= 3) {
      System.arraycopy(shape, 0, s3, 3 - shape.length, shape.length);
    }
    long n = (long) s3[0] * s3[1] * s3[2];
    if (shape.length < 1 || shape.length > 3 || n > Integer.MAX_VALUE - 8 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
      return Volume.of(new float[0], shape); // Volume explains what is wrong with the shape
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[(int) n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) gaussian(rnd);
    }
    x = box(box(x, s3), s3);
    double mean = 0;
    double sq = 0;
    for (float v : x) {
      mean += v;
      sq += (double) v * v;
    }
    mean /= x.length;
    double sd = Math.sqrt(Math.max(sq / x.length - mean * mean, 0));
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.max(0, (sd > 0 ? (x[i] - mean) / sd : 0) + 0.25);
    }
    return Volume.of(x, shape);
  }

  /** {@code n} volumes of 32×28×28 with seeds {@code seed, seed + 1, …}. */
  public static List<Volume> batch(int n, long seed) {
    return batch(n, seed, SHAPE);
  }

  /** {@code n} volumes of {@code shape} with seeds {@code seed, seed + 1, …}. */
  public static List<Volume> batch(int n, long seed, int... shape) {
    List<Volume> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(one(seed + i, shape));
    }
    return out;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** Mean over the 3×3×3 neighbourhood inside the array. */
  private static float[] box(float[] in, int[] s) {
    int c = s[0];
    int h = s[1];
    int w = s[2];
    float[] out = new float[in.length];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < h; j++) {
        for (int k = 0; k < w; k++) {
          double sum = 0;
          int n = 0;
          for (int a = Math.max(0, i - 1); a <= Math.min(c - 1, i + 1); a++) {
            for (int b = Math.max(0, j - 1); b <= Math.min(h - 1, j + 1); b++) {
              for (int d = Math.max(0, k - 1); d <= Math.min(w - 1, k + 1); d++) {
                sum += in[(a * h + b) * w + d];
                n++;
              }
            }
          }
          out[(i * h + j) * w + k] = (float) (sum / n);
        }
      }
    }
    return out;
  }
}

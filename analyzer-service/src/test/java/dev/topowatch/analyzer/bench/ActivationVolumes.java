package dev.topowatch.analyzer.bench;

import dev.topowatch.analyzer.topology.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Activation-like volumes for benchmarks: Gaussian noise smoothed by two 3×3×3 box filters (nearby
 * units correlate, as in a convolution output), scaled to unit variance, shifted so that about 40%
 * of the units are negative, then ReLU — many exact zeros (ties) and a continuum of positive values
 * spanning the paper's thresholds 0..1.75.
 */
final class ActivationVolumes {
  /** A CIFAR-sized convolution output: 32 channels of 28×28. */
  static final int[] SHAPE = {32, 28, 28};

  private ActivationVolumes() {}

  static Volume one(long seed) {
    int c = SHAPE[0];
    int h = SHAPE[1];
    int w = SHAPE[2];
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) gaussian(rnd);
    }
    x = box(box(x, c, h, w), c, h, w);
    double mean = 0;
    double sq = 0;
    for (float v : x) {
      mean += v;
      sq += (double) v * v;
    }
    mean /= x.length;
    double sd = Math.sqrt(sq / x.length - mean * mean);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.max(0, (x[i] - mean) / sd + 0.25);
    }
    return Volume.of(x, SHAPE);
  }

  static List<Volume> batch(int n, long seed) {
    List<Volume> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(one(seed + i));
    }
    return out;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** Mean over the 3×3×3 neighbourhood inside the array. */
  private static float[] box(float[] in, int c, int h, int w) {
    float[] out = new float[in.length];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < h; j++) {
        for (int k = 0; k < w; k++) {
          double s = 0;
          int n = 0;
          for (int a = Math.max(0, i - 1); a <= Math.min(c - 1, i + 1); a++) {
            for (int b = Math.max(0, j - 1); b <= Math.min(h - 1, j + 1); b++) {
              for (int d = Math.max(0, k - 1); d <= Math.min(w - 1, k + 1); d++) {
                s += in[(a * h + b) * w + d];
                n++;
              }
            }
          }
          out[(i * h + j) * w + k] = (float) (s / n);
        }
      }
    }
    return out;
  }
}

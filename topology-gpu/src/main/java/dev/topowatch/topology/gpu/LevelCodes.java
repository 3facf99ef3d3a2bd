package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.topowatch.topology.Volume;
import java.lang.foreign.MemorySegment;

/**
 * Level codes, the engine's quantisation (an entry's level is the first sorted threshold t with
 * {@code value <= t}; NaN and +∞ never enter; −0 and +0 are one value) done with float comparisons:
 * for a float v and a double t, {@code v <= t} exactly when {@code v <= t'} with t' the largest float
 * not above t. The device compares with the same rounded thresholds.
 */
final class LevelCodes {
  private LevelCodes() {}

  /** The largest float not above each threshold (thresholds sorted and distinct). */
  static float[] roundDown(double[] sorted) {
    float[] out = new float[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      float f = (float) sorted[i];
      out[i] = f > sorted[i] ? Math.nextDown(f) : f;
    }
    return out;
  }

  /** The level of {@code v}: the number of rounded thresholds below it; {@code tf.length} if never present. */
  static int level(float v, float[] tf) {
    if (!(v < Float.POSITIVE_INFINITY)) {
      return tf.length;
    }
    int lo = 0;
    int hi = tf.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tf[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Bytes per code for {@code levels} levels (codes 0..levels). */
  static int width(int levels) {
    return levels <= 0xFF ? 1 : levels <= 0xFFFF ? 2 : 4;
  }

  /** Writes the codes of {@code volume} at {@code offset}, {@code width} bytes each, little-endian. */
  static void write(Volume volume, float[] tf, int width, MemorySegment dst, long offset, float[] scratch) {
    int n = volume.size();
    volume.copyTo(scratch, 0);
    switch (width) {
      case 1 -> {
        for (int i = 0; i < n; i++) {
          dst.set(JAVA_BYTE, offset + i, (byte) level(scratch[i], tf));
        }
      }
      case 2 -> {
        for (int i = 0; i < n; i++) {
          dst.set(JAVA_SHORT_UNALIGNED, offset + 2L * i, (short) level(scratch[i], tf));
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          dst.set(JAVA_INT_UNALIGNED, offset + 4L * i, level(scratch[i], tf));
        }
      }
    }
  }
}

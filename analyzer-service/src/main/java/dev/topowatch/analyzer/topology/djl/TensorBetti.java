package dev.topowatch.analyzer.topology.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.topowatch.analyzer.topology.Construction;
import dev.topowatch.analyzer.topology.Volume;
import java.util.List;

/**
 * Betti numbers of a stack of same-shaped volumes at a set of thresholds with tensor operations:
 * one boolean mask per (volume, threshold), χ from shifted-slice products, β0 and the bounded
 * complement components (β2, Alexander duality) by label propagation, β1 = β0 + β2 − χ.
 *
 * <p>Volumes are embedded in 3-D (leading size-1 axes) and padded by one absent layer, as in the
 * CPU engine; the padding is part of the complement and forms its unbounded component.
 */
final class TensorBetti {
  private static final int[] SPATIAL = {1, 2, 3, 4};

  private TensorBetti() {}

  static long paddedCells(Volume v) {
    int[] s = shape3(v);
    return (long) (s[0] + 2) * (s[1] + 2) * (s[2] + 2);
  }

  /** [volume][threshold][k], k = 0..rank−1, for thresholds in any order. */
  static long[][][] compute(NDManager m, List<Volume> volumes, Construction construction, double[] thresholds) {
    int[] n = shape3(volumes.get(0));
    int[] p = {n[0] + 2, n[1] + 2, n[2] + 2};
    int cells = p[0] * p[1] * p[2];
    int count = volumes.size();
    int k = thresholds.length;
    NDArray x = m.create(paddedValues(volumes, n, p), new Shape(count, 1, p[0], p[1], p[2]));
    NDArray t = m.create(floatThresholds(thresholds), new Shape(1, k, 1, 1, 1));
    NDArray present = x.lte(t).reshape(count * k, 1, p[0], p[1], p[2]);
    DataType labelType = cells < (1 << 24) ? DataType.FLOAT32 : DataType.FLOAT64; // labels stay exact
    NDArray fg = present.toType(labelType, false);
    boolean vertex = construction == Construction.V;

    long[] chi = EulerStencil.chi(fg, n, vertex);
    NDArray ids = m.arange(1, cells + 1, 1, DataType.INT32).toType(labelType, false)
        .reshape(1, 1, p[0], p[1], p[2]);
    long[] b0 = LabelPropagation.roots(fg, ids, vertex ? Connectivity.FACE : Connectivity.FULL);
    boolean flat = n[0] == 1 || n[1] == 1 || n[2] == 1; // a planar set has no 2-D holes
    long[] b2 = new long[count * k];
    if (!flat) {
      NDArray bg = present.logicalNot().toType(labelType, false);
      long[] roots = LabelPropagation.roots(bg, ids, vertex ? Connectivity.FULL : Connectivity.FACE);
      for (int i = 0; i < roots.length; i++) {
        b2[i] = roots[i] - 1; // the padding shell is one component: the unbounded one
      }
    }

    int rank = volumes.get(0).rank();
    long[][][] out = new long[count][k][rank];
    for (int v = 0; v < count; v++) {
      for (int j = 0; j < k; j++) {
        int i = v * k + j;
        out[v][j][0] = b0[i];
        if (rank >= 2) {
          out[v][j][1] = b0[i] + b2[i] - chi[i];
        }
        if (rank >= 3) {
          out[v][j][2] = b2[i];
        }
      }
    }
    return out;
  }

  static int[] shape3(Volume v) {
    int[] s = {1, 1, 1};
    int[] shape = v.shape();
    System.arraycopy(shape, 0, s, 3 - shape.length, shape.length);
    return s;
  }

  /** Row-major padded values; NaN (never present) in the padding and in place of +∞. */
  private static float[] paddedValues(List<Volume> volumes, int[] n, int[] p) {
    int cells = p[0] * p[1] * p[2];
    float[] buf = new float[volumes.size() * cells];
    java.util.Arrays.fill(buf, Float.NaN);
    float[] row = new float[n[2]];
    for (int v = 0; v < volumes.size(); v++) {
      float[] data = volumes.get(v).data();
      int src = 0;
      for (int i = 0; i < n[0]; i++) {
        for (int j = 0; j < n[1]; j++) {
          System.arraycopy(data, src, row, 0, n[2]);
          src += n[2];
          int dst = v * cells + ((i + 1) * p[1] + (j + 1)) * p[2] + 1;
          for (int c = 0; c < n[2]; c++) {
            buf[dst + c] = row[c] == Float.POSITIVE_INFINITY ? Float.NaN : row[c];
          }
        }
      }
    }
    return buf;
  }

  /**
   * The largest float not above each threshold: for a float value, {@code value <= t} in double
   * precision is exactly {@code value <= f} in float precision, so the tensor compare matches the CPU.
   */
  static float[] floatThresholds(double[] thresholds) {
    float[] f = new float[thresholds.length];
    for (int i = 0; i < f.length; i++) {
      float c = (float) thresholds[i];
      if (c > thresholds[i]) {
        c = Math.nextDown(c);
      }
      f[i] = c;
    }
    return f;
  }

  static long[] sumPerItem(NDArray a) {
    return a.toType(DataType.INT64, false).sum(SPATIAL).toLongArray();
  }
}

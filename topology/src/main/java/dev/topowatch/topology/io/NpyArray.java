package dev.topowatch.topology.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A numeric array read from a {@code .npy} file. Conversions return values in C (row-major) order
 * whatever the file's order.
 */
public final class NpyArray {
  private final NpyDtype dtype;
  private final int[] shape;
  private final boolean fortranOrder;
  private final ByteBuffer data;
  private final int size;

  NpyArray(NpyDtype dtype, int[] shape, boolean fortranOrder, ByteBuffer data, int size) {
    this.dtype = dtype;
    this.shape = shape;
    this.fortranOrder = fortranOrder;
    this.data = data.slice().order(dtype.order());
    this.size = size;
  }

  /** A copy of the dimensions; empty for a 0-d (scalar) array. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return size;
  }

  /** The element type, e.g. {@code "<f4"} as numpy wrote it. */
  public String dtype() {
    return dtype.descr();
  }

  /** Whether the file stored the elements in Fortran (column-major) order. */
  public boolean fortranOrder() {
    return fortranOrder;
  }

  /** Whether the elements are integers or booleans. */
  public boolean isIntegral() {
    return dtype.kind() != 'f';
  }

  /** The elements as floats (integers rounded to the nearest float, booleans 0 or 1). */
  public float[] toFloats() {
    float[] out = new float[size];
    int[] order = cOrderToStorage();
    if (order == null && dtype.kind() == 'f' && dtype.itemSize() == 4) {
      data.asFloatBuffer().get(out); // bulk copy for the common case
      return out;
    }
    for (int i = 0; i < size; i++) {
      out[i] = (float) dtype.read(data, order == null ? i : order[i]);
    }
    return out;
  }

  /** The elements as doubles (int64 above 2^53 rounded). */
  public double[] toDoubles() {
    double[] out = new double[size];
    int[] order = cOrderToStorage();
    for (int i = 0; i < size; i++) {
      out[i] = dtype.read(data, order == null ? i : order[i]);
    }
    return out;
  }

  /**
   * The elements as longs.
   *
   * @throws IllegalArgumentException if the array holds floating-point numbers
   */
  public long[] toLongs() {
    if (!isIntegral()) {
      throw new IllegalArgumentException("array of dtype " + dtype.descr() + " does not hold integers");
    }
    long[] out = new long[size];
    int[] order = cOrderToStorage();
    for (int i = 0; i < size; i++) {
      out[i] = dtype.readLong(data, order == null ? i : order[i]);
    }
    return out;
  }

  /** For Fortran order, the storage position of each C-order element; null when they coincide. */
  private int[] cOrderToStorage() {
    if (!fortranOrder || shape.length < 2) {
      return null;
    }
    int[] fStride = new int[shape.length];
    int s = 1;
    for (int a = 0; a < shape.length; a++) {
      fStride[a] = s;
      s *= shape[a];
    }
    int[] map = new int[size];
    int[] idx = new int[shape.length];
    int pos = 0;
    for (int i = 0; i < size; i++) {
      map[i] = pos;
      for (int a = shape.length - 1; a >= 0; a--) { // odometer over the C-order multi-index
        idx[a]++;
        pos += fStride[a];
        if (idx[a] < shape[a]) {
          break;
        }
        pos -= idx[a] * fStride[a];
        idx[a] = 0;
      }
    }
    return map;
  }

  @Override
  public String toString() {
    return "NpyArray{" + dtype.descr() + " " + Arrays.toString(shape) + (fortranOrder ? " F" : "") + "}";
  }
}

package dev.topowatch.topology;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An immutable row-major (C order) float array of rank 1, 2 or 3: one activation volume.
 *
 * <p>Values may be NaN or infinite: NaN and +∞ never enter a sublevel set, −∞ always does.
 */
public final class Volume {
  /** The largest rank the engine computes exactly. */
  public static final int MAX_RANK = 3;

  private final float[] data;
  private final int[] shape;

  private Volume(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Wraps a copy of {@code data} with the given shape.
   *
   * @throws IllegalArgumentException if the rank is not 1..3, a dimension is below 1, or
   *     {@code data.length} differs from the product of the dimensions
   */
  public static Volume of(float[] data, int... shape) {
    if (data == null || shape == null) {
      throw new IllegalArgumentException("data and shape must not be null");
    }
    if (shape.length < 1 || shape.length > MAX_RANK) {
      throw new IllegalArgumentException(
          "volume rank must be 1, 2 or 3, got " + shape.length + " (shape " + Arrays.toString(shape) + ")");
    }
    long size = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("every dimension must be >= 1, got shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
    }
    return new Volume(data.clone(), shape.clone());
  }

  /** A copy of the dimensions. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions, 1..3. */
  public int rank() {
    return shape.length;
  }

  /** Number of entries. */
  public int size() {
    return data.length;
  }

  /** Dimension {@code axis} without copying the shape. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** The entry at a row-major flat index. */
  public float get(int flatIndex) {
    return data[flatIndex];
  }

  /** A copy of the entries in row-major order. */
  public float[] data() {
    return data.clone();
  }

  /**
   * A read-only view of the entries in row-major order, without copying (a back end copies them
   * straight into its own buffers from here).
   */
  public FloatBuffer asFloatBuffer() {
    return FloatBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Copies the entries into {@code dst} starting at {@code offset}, without allocating. */
  public void copyTo(float[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /**
   * Sorted distinct values at which the sublevel set changes: every value except NaN and +∞, with
   * −0 and +0 as one value.
   */
  public double[] distinctValues() {
    float[] d = DistinctValues.of(this);
    double[] out = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = d[i];
    }
    return out;
  }

  /** The shape as three dimensions, leading ones for lower ranks (a size-1 axis changes no Betti number). */
  int[] shape3() {
    int[] s = {1, 1, 1};
    System.arraycopy(shape, 0, s, MAX_RANK - shape.length, shape.length);
    return s;
  }

  /** The backing array; callers in this package only read it. */
  float[] values() {
    return data;
  }

  @Override
  public String toString() {
    // small volumes print their values so that a failing property shows its input
    return "Volume" + Arrays.toString(shape) + (data.length <= 216 ? " " + Arrays.toString(data) : "");
  }
}

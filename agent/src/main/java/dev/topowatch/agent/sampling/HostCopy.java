package dev.topowatch.agent.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Copies the first rows of a batch-major array to host memory. Every temporary array is closed
 * before returning, so nothing outlives the forward call that produced {@code batch}.
 */
public final class HostCopy {
  private HostCopy() {}

  /** A copied block of rows: {@code rows × perRow} values, row-major. */
  public record Rows(int rows, long[] shape, float[] values) {
    public int perRow() {
      return rows == 0 ? 0 : values.length / rows;
    }
  }

  /** The shape of one sample: the array's shape without its batch axis. */
  public static long[] sampleShape(NDArray batch) {
    Shape shape = batch.getShape();
    long[] out = new long[Math.max(0, shape.dimension() - 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = shape.get(i + 1);
    }
    return out;
  }

  /**
   * Copies rows {@code [0, rows)} as float32 values. A float32 array in host memory is read in place
   * (the engine's view of its memory, valid while the array lives, which it does for the whole forward
   * call) and only the sampled rows are copied: no slice, no detached array, no copy of the whole batch
   * into a Java array. Anything else (another dtype, a device array) is sliced on the engine first, so
   * only the sampled rows leave the device.
   */
  public static Rows firstRows(NDArray batch, int rows) {
    if (batch.getDataType() == DataType.FLOAT32 && Device.cpu().equals(batch.getDevice()) && !batch.isSparse()) {
      long count = (long) rows * perRow(batch);
      ByteBuffer memory = batch.toByteBuffer(true);
      if (memory.remaining() >= count * Float.BYTES) {
        float[] values = new float[Math.toIntExact(count)];
        memory.asFloatBuffer().get(values);
        return new Rows(rows, sampleShape(batch), values);
      }
    }
    return sliced(batch, rows);
  }

  private static long perRow(NDArray batch) {
    long first = batch.getShape().get(0);
    return first == 0 ? 0 : batch.size() / first;
  }

  /** Slices on the engine, then copies the slice: for arrays that are not float32 in host memory. */
  static Rows sliced(NDArray batch, int rows) {
    NDArray slice = batch.get(new NDIndex().addSliceDim(0, rows));
    NDArray detached = null;
    NDArray floats = null;
    try {
      detached = slice.stopGradient();
      floats = detached.getDataType() == DataType.FLOAT32 ? detached : detached.toType(DataType.FLOAT32, true);
      return new Rows(rows, sampleShape(batch), floats.toFloatArray());
    } finally {
      if (floats != null && floats != detached) {
        floats.close();
      }
      if (detached != null && detached != slice) {
        detached.close();
      }
      slice.close();
    }
  }

  /** Labels {@code [0, rows)} as class indices; -1 where the label array is absent or not 1-per-row. */
  public static long[] labels(NDArray labels, int rows) {
    long[] out = new long[rows];
    java.util.Arrays.fill(out, -1L);
    if (labels == null || labels.size() == 0 || labels.getShape().get(0) < rows) {
      return out;
    }
    if (labels.size() != labels.getShape().get(0)) {
      return out; // dense or per-position labels: not a class index
    }
    NDArray slice = labels.get(new NDIndex("0:" + rows));
    NDArray asLong = null;
    try {
      asLong = slice.toType(DataType.INT64, true);
      long[] values = asLong.toLongArray();
      System.arraycopy(values, 0, out, 0, Math.min(rows, values.length));
      return out;
    } finally {
      if (asLong != null) {
        asLong.close();
      }
      slice.close();
    }
  }
}
